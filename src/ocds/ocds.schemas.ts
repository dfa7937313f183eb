import { apiSchemas, arrayOf, instant, object, page, ref, string } from '../common/openapi';

/**
 * The envelope of an OCDS 1.1 release package; the releases themselves follow the OCDS release
 * schema with the sustainability extension (https://standard.open-contracting.org/1.1/en/schema/).
 */
export const OCDS_SCHEMAS = apiSchemas({
  ReleasePackage: object(
    {
      uri: string,
      version: { type: 'string', enum: ['1.1'] },
      extensions: arrayOf(string),
      publishedDate: instant,
      publisher: { type: 'object', required: ['name'], properties: { name: string }, additionalProperties: true },
      releases: arrayOf({
        type: 'object',
        description: 'An OCDS release: its other fields as the OCDS release schema defines them.',
        required: ['ocid', 'id', 'date', 'tag'],
        properties: { ocid: string, id: string, date: instant, tag: arrayOf(string) },
        additionalProperties: true,
      }),
    },
    ['extensions'],
  ),
  ReleasePackagePage: page(ref('ReleasePackage')),
});
