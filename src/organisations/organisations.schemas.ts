import { apiSchemas, arrayOf, instant, integer, nullable, object, string } from '../common/openapi';

/** What OrganisationsService returns, as OpenAPI schemas. */
export const ORGANISATION_SCHEMAS = apiSchemas({
  OrganisationProfile: object({
    organisation: string,
    authorityKind: { type: 'string', enum: ['centralGovernment', 'subCentral'], description: 'subCentral until a manager states otherwise.' },
    officialName: object({ fi: nullable(string), sv: nullable(string), en: nullable(string) }),
    businessId: { ...nullable(string), description: 'BT-501: the Finnish business id (Y-tunnus).' },
    legalType: { ...nullable(string), description: 'BT-11 buyer-legal-type code.' },
    mainActivity: { ...nullable(string), description: 'BT-10 authority-activity code.' },
    address: object({ street: nullable(string), postalCode: nullable(string), city: nullable(string), country: string, nuts: nullable(string) }),
    email: nullable(string),
    phone: nullable(string),
    website: nullable(string),
    version: { ...integer, description: '0 until a manager has stated the profile.' },
    updatedAt: nullable(instant),
    missingForNotices: { ...arrayOf(string), description: 'Business terms (BT ids) every notice needs from the profile that it does not state yet.' },
  }),
});
