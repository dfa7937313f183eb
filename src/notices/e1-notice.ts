import type { SubmissionLanguage } from '../../workflows/common/context';
import type { EformsMetadata } from './eforms-metadata';
import { writeNotice, type NoticeValue } from './eforms-writer';

export const E1_SUBTYPE = 'E1';
export const BUYER_ORGANISATION = 'ORG-0001';
export const LOT = 'LOT-0001';
const DOCUMENTS = 'DOC-0001';

/** Languages of notice texts: the eForms eu-official-language codes of the languages a plan writes in. */
export const NOTICE_LANGUAGES = { fi: 'FIN', sv: 'SWE', en: 'ENG' } as const;

export type Texts = { fi: string; sv: string | null };

/**
 * Everything an E1 notice states, frozen when the notice is issued: a published notice is this
 * record written out, so later changes of the plan or the profile never change it.
 */
export interface E1Terms {
  /** BT-701: a new UUID for each notice; a change notice is a notice of its own (eForms). */
  noticeId: string;
  /** BT-05: when the notice was issued (ISO instant). */
  issuedAt: string;
  /** BT-758: the notice this one changes, with its BT-757 version; null for the first notice. */
  changes: { noticeId: string; version: string; description: Texts } | null;
  buyer: {
    name: { fi: string; sv: string | null; en: string | null };
    businessId: string;
    legalType: string;
    mainActivity: string;
    street: string | null;
    postalCode: string | null;
    city: string;
    country: string;
    nuts: string;
    email: string;
    phone: string | null;
    website: string | null;
    contactName: string | null;
  };
  title: Texts;
  description: Texts;
  contractNature: 'works' | 'supplies' | 'services';
  cpv: string;
  /** BT-800: the deadline for answers and expressions of interest (ISO instant). */
  answersDeadline: string;
  submissionLanguages: SubmissionLanguage[];
  documentsUrl: string;
  submissionUrl: string;
  /** FI-20: whether the procurement is expected to fall under the EU directive. */
  euDirectiveApplies: boolean;
}

/** BT-757 of every notice the service issues: a notice is never resubmitted, changes are notices of their own. */
export const NOTICE_VERSION = '01';

/** Whether every text the notice states has its Swedish version, so Swedish can be an official language of the notice (BT-702(b)). */
export function swedishComplete(terms: E1Terms): boolean {
  return (
    terms.title.sv !== null &&
    terms.description.sv !== null &&
    terms.buyer.name.sv !== null &&
    (terms.changes === null || terms.changes.description.sv !== null)
  );
}

/** The field values of the notice: every value a business term of fields.json. */
export function e1Values(metadata: EformsMetadata, terms: E1Terms): NoticeValue[] {
  const { noticeType, formType, legalBasis } = metadata.subtype(E1_SUBTYPE);
  const languages: Array<'fi' | 'sv'> = swedishComplete(terms) ? ['fi', 'sv'] : ['fi'];
  const texts = (field: string, text: Texts, instances?: NoticeValue['instances']): NoticeValue[] =>
    languages.map((language) => ({ field, value: text[language]!, attributes: { [`${field}-Language`]: NOTICE_LANGUAGES[language] }, instances }));
  const code = (field: string, value: string): NoticeValue => ({ field, value });
  const issued = helsinkiParts(terms.issuedAt);
  const deadline = helsinkiParts(terms.answersDeadline);
  const b = terms.buyer;
  const optional = (field: string, value: string | null): NoticeValue[] => (value === null ? [] : [{ field, value }]);
  // The consultation is described twice, as eForms wants: for the procedure and for its one lot.
  const subject = (level: 'Procedure' | 'Lot'): NoticeValue[] => [
    ...texts(`BT-21-${level}`, terms.title),
    ...texts(`BT-24-${level}`, terms.description),
    code(`BT-23-${level}`, terms.contractNature),
    { field: `BT-262-${level}`, value: terms.cpv, attributes: { [`BT-26(m)-${level}`]: 'cpv' } },
    code(`BT-5071-${level}`, b.nuts),
    code(`BT-5141-${level}`, 'FIN'),
  ];

  return [
    // The notice
    { field: 'OPT-001-notice', value: metadata.ublVersion },
    { field: 'OPT-002-notice', value: metadata.sdkVersion.split('.').slice(0, 2).join('.') },
    { field: 'BT-701-notice', value: terms.noticeId },
    { field: 'BT-05(a)-notice', value: issued.date },
    { field: 'BT-05(b)-notice', value: issued.time },
    { field: 'BT-757-notice', value: NOTICE_VERSION },
    { field: 'BT-01-notice', value: legalBasis },
    { field: 'BT-02-notice', value: noticeType, attributes: { 'BT-03-notice': formType } },
    { field: 'BT-702(a)-notice', value: NOTICE_LANGUAGES.fi },
    ...(languages.includes('sv') ? [{ field: 'BT-702(b)-notice', value: NOTICE_LANGUAGES.sv }] : []),
    { field: 'OPP-070-notice', value: E1_SUBTYPE },
    ...(terms.changes
      ? [
          { field: 'BT-758-notice', value: `${terms.changes.noticeId}-${terms.changes.version}` },
          ...texts('BT-141(a)-notice', terms.changes.description),
          { field: 'BT-13716-notice', value: LOT },
          { field: 'BT-140-notice', value: 'update-add' },
        ]
      : []),
    // The buyer
    { field: 'OPT-300-Procedure-Buyer', value: BUYER_ORGANISATION },
    code('BT-11-Procedure-Buyer', b.legalType),
    code('BT-10-Procedure-Buyer', b.mainActivity),
    ...optional('BT-505-Organization-Company', b.website),
    { field: 'OPT-200-Organization-Company', value: BUYER_ORGANISATION },
    ...texts('BT-500-Organization-Company', { fi: b.name.fi, sv: b.name.sv }),
    ...optional('BT-510(a)-Organization-Company', b.street),
    { field: 'BT-513-Organization-Company', value: b.city },
    ...optional('BT-512-Organization-Company', b.postalCode),
    code('BT-507-Organization-Company', b.nuts),
    code('BT-514-Organization-Company', b.country),
    { field: 'BT-501-Organization-Company', value: b.businessId },
    ...optional('BT-502-Organization-Company', b.contactName),
    ...optional('BT-503-Organization-Company', b.phone),
    { field: 'BT-506-Organization-Company', value: b.email },
    // The consultation (procedure) and its one lot
    ...subject('Procedure'),
    { field: 'BT-137-Lot', value: LOT },
    ...subject('Lot'),
    { field: 'OPT-140-Lot', value: DOCUMENTS },
    { field: 'BT-14-Lot', value: 'non-restricted-document' },
    { field: 'BT-15-Lot', value: terms.documentsUrl },
    { field: 'BT-18-Lot', value: terms.submissionUrl },
    ...terms.submissionLanguages.map((language, i) => ({ field: 'BT-97-Lot', value: language, instances: { 'ND-LotSubmissionLanguage': i } })),
    { field: 'BT-800(d)-Lot', value: deadline.date },
    { field: 'BT-800(t)-Lot', value: deadline.time },
    code('BT-17-Lot', 'required'),
    // Hilma's national extension
    { field: 'FI-20', value: String(terms.euDirectiveApplies) },
  ];
}

export function writeE1(metadata: EformsMetadata, terms: E1Terms): string {
  return writeNotice(metadata, E1_SUBTYPE, e1Values(metadata, terms));
}

const HELSINKI = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Helsinki',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
  timeZoneName: 'longOffset',
});

/** An instant as eForms writes dates and times: Helsinki's wall clock with its offset (2027-03-01+02:00, 12:00:00+02:00). */
export function helsinkiParts(instant: string): { date: string; time: string } {
  const parts = Object.fromEntries(HELSINKI.formatToParts(new Date(instant)).map((p) => [p.type, p.value]));
  const offset = parts.timeZoneName === 'GMT' ? '+00:00' : parts.timeZoneName.replace('GMT', '');
  return { date: `${parts.year}-${parts.month}-${parts.day}${offset}`, time: `${parts.hour}:${parts.minute}:${parts.second}${offset}` };
}
