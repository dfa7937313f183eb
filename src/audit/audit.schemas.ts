import { apiSchemas, arrayOf, boolean, instant, integer, object, string, uuid } from '../common/openapi';

/** What the checkpoint routes return, as OpenAPI schemas. */
export const AUDIT_SCHEMAS = apiSchemas({
  Checkpoint: object({
    time: instant,
    plans: integer,
    root: { ...string, description: "Merkle root over every plan's chain head." },
    checkpoint: { ...string, description: 'Compact JWS (EdDSA) over the above; keep it outside the database.' },
  }),
  CheckpointVerification: object({
    time: instant,
    plans: integer,
    root: string,
    intact: boolean,
    changed: arrayOf(object({ planId: uuid, reason: string })),
  }),
  JwkSet: object({
    keys: arrayOf({ type: 'object', required: ['kty'], properties: { kty: string, crv: string, x: string, alg: string, use: string, kid: string } }),
  }),
});
