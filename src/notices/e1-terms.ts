import { SUBMISSION_LANGUAGES, type PlanContext, type SubmissionLanguage } from '../../workflows/common/context';
import type { OrganisationProfile } from '../organisations/organisations.service';
import type { ProcurementPlanEntity } from '../engine/procurement-plan.entity';
import type { Regime } from '../thresholds/thresholds';
import { helsinkiDate } from '../thresholds/thresholds';
import type { E1Terms } from './e1-notice';

type NoticeRecord = NonNullable<PlanContext['engagementNotice']>;
/** What PUBLISH_ENGAGEMENT_NOTICE carries, before the machine records it (the same fields). */
export type NoticePayload = Omit<NoticeRecord, 'publishedAt' | 'publishedBy'>;

/** Where the value of one business term of the E1 notice comes from: the docs' mapping table is this list. */
export interface TermSource {
  term: string;
  field: string;
  source: string;
}

/** The business terms of an E1 notice and where each comes from (docs/notices.md is checked against it). */
export const E1_MAPPING: readonly TermSource[] = [
  { term: 'BT-701', field: 'BT-701-notice', source: 'A new UUID for each notice (a change notice is a notice of its own)' },
  { term: 'BT-05', field: 'BT-05(a)-notice, BT-05(b)-notice', source: 'When the notice is issued (Helsinki time)' },
  { term: 'BT-757', field: 'BT-757-notice', source: '`01`: notices are never resubmitted; changes are change notices' },
  { term: 'BT-758', field: 'BT-758-notice', source: 'Change notices: the previous notice (its BT-701 and BT-757)' },
  {
    term: 'BT-140, BT-141, BT-13716',
    field: 'BT-140-notice, BT-141(a)-notice, BT-13716-notice',
    source: 'Change notices: `update-add`, what changed (fi/sv), the lot `LOT-0001`',
  },
  {
    term: 'BT-01, BT-02, BT-03, OPP-070',
    field: 'BT-01-notice, BT-02-notice, OPP-070-notice',
    source: "The SDK's notice-types.json for subtype E1: `other`, `pmc`, `consultation`, `E1`",
  },
  { term: 'BT-702', field: 'BT-702(a)-notice, BT-702(b)-notice', source: 'Finnish; Swedish too when every text of the notice has its Swedish version' },
  { term: 'BT-500', field: 'BT-500-Organization-Company', source: 'Organisation profile `officialName.fi` (and `.sv`)' },
  { term: 'BT-501', field: 'BT-501-Organization-Company', source: 'Organisation profile `businessId` (Y-tunnus)' },
  { term: 'BT-11', field: 'BT-11-Procedure-Buyer', source: 'Organisation profile `legalType`' },
  { term: 'BT-10', field: 'BT-10-Procedure-Buyer', source: 'Organisation profile `mainActivity`' },
  {
    term: 'BT-510, BT-512, BT-513, BT-514',
    field: 'BT-510(a)/512/513/514-Organization-Company',
    source: 'Organisation profile `address` (street, postal code, city, country)',
  },
  { term: 'BT-507', field: 'BT-507-Organization-Company', source: 'Organisation profile `address.nuts`' },
  { term: 'BT-505', field: 'BT-505-Organization-Company', source: 'Organisation profile `website`' },
  { term: 'BT-502', field: 'BT-502-Organization-Company', source: 'Notice `contactPoint.name`' },
  { term: 'BT-506', field: 'BT-506-Organization-Company', source: "Notice `contactPoint.email`, else the profile's `email`" },
  { term: 'BT-503', field: 'BT-503-Organization-Company', source: "Notice `contactPoint.phone`, else the profile's `phone`" },
  { term: 'BT-21', field: 'BT-21-Procedure, BT-21-Lot', source: 'Notice `title` (fi) and `titleSv` (sv)' },
  { term: 'BT-24', field: 'BT-24-Procedure, BT-24-Lot', source: 'Notice `description` and `process` (fi), `descriptionSv` (sv)' },
  { term: 'BT-23', field: 'BT-23-Procedure, BT-23-Lot', source: 'Plan `contractType`: works, supplies, otherwise services' },
  { term: 'BT-262', field: 'BT-262-Procedure, BT-262-Lot', source: 'Plan `cpvCode` (without its check digit)' },
  { term: 'BT-5071, BT-5141', field: 'BT-5071/5141-Procedure, -Lot', source: 'Organisation profile `address.nuts`; Finland' },
  { term: 'BT-137', field: 'BT-137-Lot', source: 'One lot, `LOT-0001`' },
  { term: 'BT-14, BT-15', field: 'BT-14-Lot, BT-15-Lot', source: "Notice `documentsUrl`, else the plan's dialogue page in the console" },
  { term: 'BT-18', field: 'BT-18-Lot', source: "The plan's dialogue page in the console, where suppliers register and answer" },
  { term: 'BT-97', field: 'BT-97-Lot', source: 'Notice `submissionLanguages`, else Finnish and Swedish' },
  {
    term: 'BT-800',
    field: 'BT-800(d)-Lot, BT-800(t)-Lot',
    source: 'Notice `answersDeadline`, else the end of `registrationUntil` (23:59 Helsinki); an extended round that closed at it issues a change notice',
  },
  { term: 'BT-17', field: 'BT-17-Lot', source: '`required`: answers are given in the service' },
  { term: 'FI-20', field: 'FI-20', source: "Notice `euDirectiveApplies`, else whether the plan's regime is `eu` (thresholds)" },
];

export interface TermsInput {
  plan: Pick<ProcurementPlanEntity, 'id' | 'cpvCode' | 'contractType'>;
  notice: NoticePayload;
  profile: OrganisationProfile;
  regime: Regime | null;
  /** The plan's dialogue page: where suppliers register and answer (BT-18) and, unless the notice names another, the documents (BT-15). */
  dialogueUrl: string;
}

export type NoticeContent = Omit<E1Terms, 'noticeId' | 'issuedAt' | 'changes'>;
export type TermsOutcome = { terms: NoticeContent; missing: [] } | { terms: null; missing: Array<{ term: string; source: string }> };

/**
 * The terms of a plan's E1 notice from the notice's payload, the plan and the organisation's profile;
 * or the business terms none of them states. Hilma makes BT-11, BT-501, BT-506, BT-507, BT-513 and
 * FI-20 mandatory for E1 beside the SDK's own.
 */
export function e1TermsOf({ plan, notice, profile, regime, dialogueUrl }: TermsInput): TermsOutcome {
  const missing: string[] = [];
  const need = <T>(term: string, value: T | null | undefined): T => {
    if (value === null || value === undefined) missing.push(term);
    return value as T;
  };
  const name = need('BT-500', profile.officialName.fi);
  const businessId = need('BT-501', profile.businessId);
  const legalType = need('BT-11', profile.legalType);
  const mainActivity = need('BT-10', profile.mainActivity);
  const city = need('BT-513', profile.address.city);
  const nuts = need('BT-507', profile.address.nuts);
  const email = need('BT-506', notice.contactPoint?.email ?? profile.email);
  const answersDeadline = need('BT-800', notice.answersDeadline ?? (notice.registrationUntil ? endOfHelsinkiDay(notice.registrationUntil) : null));
  const euDirectiveApplies = need('FI-20', notice.euDirectiveApplies ?? (regime === null ? null : regime === 'eu'));
  if (missing.length > 0)
    return { terms: null, missing: missing.map((term) => ({ term, source: E1_MAPPING.find((row) => row.term.split(', ').includes(term))!.source })) };
  return {
    missing: [],
    terms: {
      buyer: {
        name: { fi: name, sv: profile.officialName.sv, en: profile.officialName.en },
        businessId,
        legalType,
        mainActivity,
        street: profile.address.street,
        postalCode: profile.address.postalCode,
        city,
        country: profile.address.country,
        nuts,
        email,
        phone: notice.contactPoint?.phone ?? profile.phone,
        website: profile.website,
        contactName: notice.contactPoint?.name ?? null,
      },
      title: { fi: notice.title, sv: notice.titleSv ?? null },
      description: { fi: `${notice.description}\n\n${notice.process}`, sv: notice.descriptionSv ?? null },
      contractNature: plan.contractType === 'works' ? 'works' : plan.contractType === 'supplies' ? 'supplies' : 'services',
      cpv: plan.cpvCode.slice(0, 8),
      answersDeadline,
      submissionLanguages: (notice.submissionLanguages ?? ['FIN', 'SWE']).filter((l): l is SubmissionLanguage =>
        (SUBMISSION_LANGUAGES as readonly string[]).includes(l),
      ),
      documentsUrl: notice.documentsUrl ?? dialogueUrl,
      submissionUrl: dialogueUrl,
      euDirectiveApplies,
    },
  };
}

/** 23:59 of a calendar day in Helsinki, as an instant. */
export function endOfHelsinkiDay(date: string): string {
  // Helsinki is UTC+2 or UTC+3: try both and keep the one that is still that day there.
  for (const offset of ['+03:00', '+02:00']) {
    const instant = new Date(`${date}T23:59:00${offset}`);
    if (helsinkiDate(instant) === date && helsinkiParts(instant) === '23:59') return instant.toISOString();
  }
  return new Date(`${date}T21:59:00Z`).toISOString();
}

function helsinkiParts(at: Date): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Helsinki', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);
}

/** The mapping as the Markdown table of docs/notices.md (a test keeps the page equal to it). */
export function e1MappingTable(): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|');
  return [
    '| Business term | Field (fields.json) | From |',
    '| --- | --- | --- |',
    ...E1_MAPPING.map((row) => `| ${cell(row.term)} | ${cell(row.field)} | ${cell(row.source)} |`),
  ].join('\n');
}
