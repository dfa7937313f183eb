import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';

/** The official OCDS 1.1 schemas: OCDS_SCHEMA_DIR (set by .ci/run), else ../shared/ocds-1.1 beside the repo. */
export const ocdsSchemaDir = () => resolve(process.env.OCDS_SCHEMA_DIR ?? join(process.cwd(), '..', 'shared', 'ocds-1.1'));

export const ocdsSchemaAvailable = () => existsSync(join(ocdsSchemaDir(), 'release-package-schema.json'));

/** RFC 7386 JSON Merge Patch, as OCDS applies extensions to the release schema. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) return patch;
  const result: Record<string, unknown> =
    typeof target === 'object' && target !== null && !Array.isArray(target) ? { ...(target as Record<string, unknown>) } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}

/** A validator of release packages against the release package schema and the release schema with the sustainability extension. */
export function releasePackageValidator() {
  const dir = ocdsSchemaDir();
  const read = (file: string) => JSON.parse(readFileSync(join(dir, file), 'utf8')) as Record<string, unknown>;
  const release = mergePatch(read('release-schema.json'), read('sustainability-extension/release-schema.json')) as Record<string, unknown>;
  const pkg = read('release-package-schema.json');
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  ajv.addSchema(release);
  const validate = ajv.compile(pkg);
  return (document: unknown) => {
    const ok = validate(document);
    return { ok, errors: (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`) };
  };
}
