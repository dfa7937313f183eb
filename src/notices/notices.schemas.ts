import { apiSchemas, arrayOf, instant, integer, object, ref, string } from '../common/openapi';

/** What NoticesService returns besides the XML itself, as OpenAPI schemas. */
export const NOTICE_SCHEMAS = apiSchemas({
  NoticeVersion: object({
    version: { ...integer, description: 'The version in this service: 1 for the first notice, then one more for each change notice.' },
    noticeId: { type: 'string', format: 'uuid', description: 'BT-701 of this notice: each version is a notice of its own.' },
    noticeVersion: { ...string, description: 'BT-757 of this notice (01: a notice is never resubmitted).' },
    changesNoticeId: { type: 'string', format: 'uuid', nullable: true, description: 'BT-758: the notice this one changes; null for the first.' },
    answersDeadline: { ...instant, description: 'BT-800 of this notice.' },
    issuedAt: instant,
  }),
  NoticeVersions: arrayOf(ref('NoticeVersion')),
});
