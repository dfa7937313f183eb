import { apiSchemas, instant, integer, nullable, object, string } from '../common/openapi';

/** What OrganisationsService returns, as OpenAPI schemas. */
export const ORGANISATION_SCHEMAS = apiSchemas({
  OrganisationProfile: object({
    organisation: string,
    authorityKind: { type: 'string', enum: ['centralGovernment', 'subCentral'], description: 'subCentral until a manager states otherwise.' },
    version: { ...integer, description: '0 until a manager has stated the profile.' },
    updatedAt: nullable(instant),
  }),
});
