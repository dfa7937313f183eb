import { E1_SUBTYPE, e1Values, helsinkiParts, swedishComplete, writeE1, type E1Terms } from './e1-notice';
import { e1TermsOf, endOfHelsinkiDay, type TermsInput } from './e1-terms';
import { eformsMetadata, xpathSteps } from './eforms-metadata';
import { writeNotice } from './eforms-writer';

const metadata = eformsMetadata();

const TERMS: E1Terms = {
  noticeId: '5b6f2c1e-8d3a-4f7b-9c2e-1a0b3c4d5e6f',
  issuedAt: '2026-12-02T10:00:00.000Z',
  changes: null,
  buyer: {
    name: { fi: 'Espoon kaupunki', sv: 'Esbo stad', en: 'City of Espoo' },
    businessId: '0101263-6',
    legalType: 'la',
    mainActivity: 'gen-pub',
    street: 'Espoonkatu 5',
    postalCode: '02770',
    city: 'Espoo',
    country: 'FIN',
    nuts: 'FI1B1',
    email: 'kirjaamo@espoo.fi',
    phone: null,
    website: null,
    contactName: null,
  },
  title: { fi: 'Markkinavuoropuhelu', sv: 'Marknadsdialog' },
  description: { fi: 'Kuvaus', sv: 'Beskrivning' },
  contractNature: 'supplies',
  cpv: '30213100',
  answersDeadline: '2027-03-01T10:00:00.000Z',
  submissionLanguages: ['FIN', 'SWE'],
  documentsUrl: 'https://plans.example.fi/app/dialogues/1',
  submissionUrl: 'https://plans.example.fi/app/dialogues/1',
  euDirectiveApplies: true,
};

const CHANGE: E1Terms = {
  ...TERMS,
  noticeId: '6c7f2c1e-8d3a-4f7b-9c2e-1a0b3c4d5e6f',
  changes: { noticeId: TERMS.noticeId, version: '01', description: { fi: 'Muutos', sv: 'Ändring' } },
};

/**
 * Mandatory in fields.json without a condition, yet the rules require it only with its pair: the
 * dispatch time with the dispatch date (BR-BT-00803-0003; the eSender's, Hilma's, to state).
 */
const PAIRED = ['BT-803(t)-notice'];

/** The element names of the document in order, one line each, indented by depth. */
function outline(xml: string): string[] {
  return [...xml.matchAll(/^(\s*)<([\w:]+)/gm)].map(([, indent, name]) => `${indent}${name}`);
}

describe('writeNotice', () => {
  it('places elements by the xsdSequenceOrder of fields.json, whatever the order of the values', () => {
    const values = e1Values(metadata, TERMS);
    const forward = writeNotice(metadata, E1_SUBTYPE, values);
    const backward = writeNotice(metadata, E1_SUBTYPE, [...values].reverse());
    expect(outline(backward)).toEqual(outline(forward));
    const root = outline(forward)
      .filter((line) => /^ {2}\S/.test(line))
      .map((line) => line.trim());
    expect(root).toEqual([
      'ext:UBLExtensions',
      'cbc:UBLVersionID',
      'cbc:CustomizationID',
      'cbc:ID',
      'cbc:IssueDate',
      'cbc:IssueTime',
      'cbc:VersionID',
      'cbc:RegulatoryDomain',
      'cbc:NoticeTypeCode',
      'cbc:NoticeLanguageCode',
      'cac:AdditionalNoticeLanguage',
      'cac:ContractingParty',
      'cac:ProcurementProject',
      'cac:ProcurementProjectLot',
      'hilma:NationalExtension',
    ]);
  });

  it('writes the attributes fields.json presets, and the predicates of the XPath', () => {
    const xml = writeE1(metadata, TERMS);
    expect(xml).toContain('<cbc:ID schemeName="notice-id">5b6f2c1e-8d3a-4f7b-9c2e-1a0b3c4d5e6f</cbc:ID>');
    expect(xml).toContain('<cbc:NoticeTypeCode listName="consultation">pmc</cbc:NoticeTypeCode>');
    expect(xml).toContain('<cbc:PartyTypeCode listName="buyer-legal-type">la</cbc:PartyTypeCode>');
    expect(xml).toContain('<cbc:ID schemeName="Lot">LOT-0001</cbc:ID>');
    expect(xml).toContain('<cbc:SubmissionMethodCode listName="esubmission">required</cbc:SubmissionMethodCode>');
  });

  it('repeats a multilingual field from its first step: two PartyNames, two Names of the procedure', () => {
    const xml = writeE1(metadata, TERMS);
    expect(xml.match(/<cac:PartyName>/g)).toHaveLength(2);
    expect(xml).toMatch(/<cbc:Name languageID="FIN">Markkinavuoropuhelu<\/cbc:Name>\s*<cbc:Name languageID="SWE">Marknadsdialog<\/cbc:Name>/);
  });

  it('refuses a field the subtype forbids, and an attribute given as a value', () => {
    expect(() => writeNotice(metadata, E1_SUBTYPE, [{ field: 'BT-04-notice', value: 'x' }])).toThrow(/BT-04-notice is forbidden in notice subtype E1/);
    expect(() => writeNotice(metadata, E1_SUBTYPE, [{ field: 'BT-26(m)-Procedure', value: 'cpv' }])).toThrow(/attribute of BT-262-Procedure/);
  });

  it.each([
    ['a first notice', TERMS],
    ['a change notice', CHANGE],
  ])('%s writes every field E1 always requires (SDK and Hilma) under the nodes it writes, and none Hilma forbids', (_label, terms) => {
    const values = e1Values(metadata, terms);
    const written = new Set(values.map((v) => v.field));
    const nodes = new Set<string>();
    for (const v of values) for (let id: string | undefined = metadata.field(v.field).parentNodeId; id; id = metadata.node(id).parentId) nodes.add(id);
    const missing = metadata
      .mandatoryFields(E1_SUBTYPE)
      .filter((f) => !f.attributeOf && nodes.has(f.parentNodeId) && !written.has(f.id) && !metadata.forbidden(f.id, E1_SUBTYPE) && !PAIRED.includes(f.id))
      // Predicated nodes in one parent (restricted documents beside the non-restricted ones) are other instances.
      .filter((f) => !xpathSteps(f.xpathRelative).some((s) => s.includes("'restricted-document'")))
      .map((f) => f.id);
    expect(missing).toEqual([]);
  });
});

describe('E1 terms', () => {
  const input: TermsInput = {
    plan: { id: 'p', cpvCode: '45453000-7', contractType: 'works' },
    notice: { title: 'T', description: 'D', process: 'P', plannedStart: null, plannedEnd: null, registrationUntil: '2027-01-31' },
    profile: {
      organisation: 'city-of-espoo',
      authorityKind: 'subCentral',
      officialName: { fi: 'Espoon kaupunki', sv: null, en: null },
      businessId: '0101263-6',
      legalType: 'la',
      mainActivity: 'gen-pub',
      address: { street: null, postalCode: null, city: 'Espoo', country: 'FIN', nuts: 'FI1B1' },
      email: 'kirjaamo@espoo.fi',
      phone: null,
      website: null,
      version: 1,
      updatedAt: null,
    },
    regime: 'national',
    dialogueUrl: 'https://plans.example.fi/app/dialogues/p',
  };

  it('takes the defaults: end of registrationUntil in Helsinki, Finnish and Swedish, the dialogue page, FI-20 from the regime', () => {
    const { terms } = e1TermsOf(input);
    expect(terms).toMatchObject({
      answersDeadline: '2027-01-31T21:59:00.000Z',
      submissionLanguages: ['FIN', 'SWE'],
      documentsUrl: input.dialogueUrl,
      euDirectiveApplies: false,
      contractNature: 'works',
      cpv: '45453000',
      description: { fi: 'D\n\nP', sv: null },
    });
  });

  it('names every business term none of notice, plan and profile states', () => {
    const bare = {
      ...input,
      notice: { ...input.notice, registrationUntil: null },
      regime: null,
      profile: { ...input.profile, businessId: null, address: { ...input.profile.address, nuts: null } },
    };
    expect(e1TermsOf(bare).missing.map((m) => m.term)).toEqual(['BT-501', 'BT-507', 'BT-800', 'FI-20']);
  });

  it('writes Swedish only when every text has it', () => {
    const { terms } = e1TermsOf(input);
    const full = { ...TERMS, ...terms!, noticeId: TERMS.noticeId, issuedAt: TERMS.issuedAt, changes: null };
    expect(swedishComplete(full)).toBe(false);
    expect(writeE1(metadata, full)).not.toContain('SWE"');
  });

  it('writes times as Helsinki wall clock with the offset of the day', () => {
    expect(helsinkiParts('2027-01-15T10:00:00.000Z')).toEqual({ date: '2027-01-15+02:00', time: '12:00:00+02:00' });
    expect(helsinkiParts('2027-06-15T10:00:00.000Z')).toEqual({ date: '2027-06-15+03:00', time: '13:00:00+03:00' });
    expect(endOfHelsinkiDay('2027-06-15')).toBe('2027-06-15T20:59:00.000Z');
  });
});
