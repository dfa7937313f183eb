import type { TokenClaims } from '../../src/common/auth/token.service';
import type { TestApp } from './create-test-app';
import type { OrganisationProfileDto } from '../../src/organisations/dto/organisation-profile.dto';

export const ESPOO = 'city-of-espoo';
export const TAMPERE = 'city-of-tampere';

export const people = {
  officer: { sub: 'officer-anna', name: 'Anna Officer', role: 'officer', org: ESPOO },
  secondOfficer: { sub: 'officer-ville', name: 'Ville Officer', role: 'officer', org: ESPOO },
  manager: { sub: 'manager-maija', name: 'Maija Manager', role: 'manager', org: ESPOO },
  otherOrgOfficer: { sub: 'officer-tiina', name: 'Tiina Officer', role: 'officer', org: TAMPERE },
  otherOrgManager: { sub: 'manager-timo', name: 'Timo Manager', role: 'manager', org: TAMPERE },
  supplier: { sub: 'supplier-acme', name: 'Acme Oy', role: 'supplier', businessId: '1234567-8' },
  admin: { sub: 'admin-root', name: 'Admin', role: 'admin' },
} satisfies Record<string, TokenClaims>;

/** The profiles the test organisations state (real business ids of Espoo and Tampere, check digits valid). */
export const TEST_PROFILES: Record<string, OrganisationProfileDto> = {
  [ESPOO]: {
    authorityKind: 'subCentral',
    officialName: { fi: 'Espoon kaupunki', sv: 'Esbo stad', en: 'City of Espoo' },
    businessId: '0101263-6',
    legalType: 'la',
    mainActivity: 'gen-pub',
    address: { street: 'Espoonkatu 5', postalCode: '02770', city: 'Espoo', country: 'FIN', nuts: 'FI1B1' },
    email: 'kirjaamo@espoo.fi',
    phone: '+358 9 81621',
    website: 'https://www.espoo.fi',
  },
  [TAMPERE]: {
    authorityKind: 'subCentral',
    officialName: { fi: 'Tampereen kaupunki', sv: 'Tammerfors stad' },
    businessId: '0211675-2',
    legalType: 'la',
    mainActivity: 'gen-pub',
    address: { street: 'Aleksis Kiven katu 14-16', postalCode: '33210', city: 'Tampere', country: 'FIN', nuts: 'FI19B' },
    email: 'kirjaamo@tampere.fi',
  },
};

export function newPlan(overrides: Record<string, unknown> = {}) {
  return {
    title: 'Refurbished laptops for schools',
    description: 'Laptops for 3,000 pupils with take-back, repair and data-wiping services.',
    cpvCode: '30213100-6',
    estimatedValue: { amount: 1200000, currency: 'EUR' },
    workflowId: 'digigreen-planning',
    ...overrides,
  };
}

/** A registration period that ended two days ago (whatever the time zone, before today in Helsinki). */
export const REGISTRATION_OVER = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);

export interface WalkStep {
  by: keyof typeof people;
  event: Record<string, unknown>;
  stage: string;
  /** Records kept in their own tables that the event's requirements need, set up just before it. */
  prepare?: Array<{ method: 'put' | 'post'; path: string; body: Record<string, unknown> }>;
}

/** Award criteria whose weights sum to 100, each linked to the subject: enough to leave criteriaAndStrategy. */
export const AWARD_CRITERIA = {
  criteria: [
    {
      kind: 'awardCriteria',
      title: 'Price',
      text: 'Lowest total price receives full points; others in proportion.',
      verification: 'Price form.',
      weight: 60,
      subjectLink: 'The price of the goods purchased.',
    },
    { templateId: 'ict-refurbished-share', weight: 40 },
    {
      kind: 'technicalSpecifications',
      title: 'Warranty',
      text: 'Three-year warranty on parts and labour.',
      goalCode: 'environmental.circularEconomy',
      verification: 'Warranty terms.',
    },
  ],
};

const prepareCriteria = [{ method: 'put' as const, path: '/criteria', body: AWARD_CRITERIA }];

/** How many audit events a plan has after being created and walked through `steps`. */
/** Audit events after a walk: creation, each step, and each preparing call (criteria are recorded in the trail). */
export const eventsAfter = (steps: WalkStep[]) => 1 + steps.reduce((n, step) => n + 1 + (step.prepare?.length ?? 0), 0);
/** The plan's version after a walk: creation and each workflow event; preparing calls leave it alone. */
export const versionAfter = (steps: WalkStep[]) => 1 + steps.length;

/**
 * Puts officers on a plan's team (a manager's change): each is first seen by the service (any request
 * makes a person known to the people directory), then added beside the owner.
 */
export async function addToTeam(t: TestApp, managerToken: string, planId: string, members: Array<{ id: string; token: string }>) {
  for (const m of members) await t.http().get('/me/notifications').set('Authorization', `Bearer ${m.token}`).expect(200);
  const team = await t.http().get(`/procurements/${planId}/team`).set('Authorization', `Bearer ${managerToken}`).expect(200);
  const memberIds = [...new Set([...team.body.members.map((m: { id: string }) => m.id), ...members.map((m) => m.id)])];
  return t
    .http()
    .put(`/procurements/${planId}/team`)
    .set('Authorization', `Bearer ${managerToken}`)
    .send({ ownerId: team.body.owner.id, memberIds })
    .expect(200);
}

/** Sends one walk step (after its preparation) and returns the event's response. */
export async function runStep(t: TestApp, tokens: Record<string, string>, planId: string, step: WalkStep) {
  for (const p of step.prepare ?? []) {
    await t.http()[p.method](`/procurements/${planId}${p.path}`).set('Authorization', `Bearer ${tokens[step.by]}`).send(p.body).expect(200);
  }
  return t.http().post(`/procurements/${planId}/events`).set('Authorization', `Bearer ${tokens[step.by]}`).send(step.event);
}

/** Events that walk a digigreen-planning plan from draft to readyForTender, each with who sends it. */
export const DIGIGREEN_WALK: WalkStep[] = [
  { by: 'officer', event: { type: 'START_NEEDS_ASSESSMENT' }, stage: 'needsAssessment' },
  {
    by: 'officer',
    event: {
      type: 'RECORD_NEEDS',
      need: 'Pupils need durable laptops; current fleet is at end of life.',
      usersConsulted: ['teachers', 'pupils', 'IT support'],
      strategicGoals: ['carbon neutral by 2030', 'circular economy roadmap'],
      rationale: 'Refurbished devices halve the embodied carbon of the fleet.',
    },
    stage: 'needsAssessment',
  },
  { by: 'officer', event: { type: 'COMPLETE_NEEDS_ASSESSMENT' }, stage: 'marketAnalysis' },
  {
    by: 'officer',
    event: {
      type: 'RECORD_MARKET_ANALYSIS',
      knownSuppliers: 7,
      solutions: ['refurbished laptops', 'device as a service'],
      maturity: 'mature',
      risks: ['battery health of refurbished devices'],
    },
    stage: 'marketAnalysis',
  },
  {
    by: 'officer',
    event: {
      type: 'PUBLISH_ENGAGEMENT_NOTICE',
      title: 'Market dialogue: refurbished laptops',
      description: 'We invite suppliers to an RFI and a supplier day.',
      process: 'RFI, supplier day, one-to-one meetings, commenting round.',
      plannedStart: '2027-01-10',
      plannedEnd: '2027-03-01',
      // Registration is already over, so the walk may end the dialogue with the outcome "no supplier
      // registered" (no empty dialogues); test/dialogue-scenario.e2e-spec.ts holds rounds with suppliers.
      registrationUntil: REGISTRATION_OVER,
      // The E1 notice (issue 14): Swedish texts and a contact person; the answers deadline is the end of registrationUntil.
      titleSv: 'Marknadsdialog: renoverade bärbara datorer',
      descriptionSv: 'Vi bjuder in leverantörer till en informationsförfrågan och en leverantörsträff.',
      submissionLanguages: ['FIN', 'SWE', 'ENG'],
      contactPoint: { name: 'Anna Officer', email: 'hankinnat@espoo.fi' },
    },
    stage: 'marketAnalysis',
  },
  { by: 'officer', event: { type: 'START_MARKET_DIALOGUE' }, stage: 'marketDialogue' },
  {
    by: 'officer',
    event: {
      type: 'PUBLISH_DIALOGUE_SUMMARY',
      summary: 'Suppliers can deliver grade-A refurbished devices with 3-year warranty.',
      inputUse: 'Warranty and battery-health criteria added to the technical specification.',
      outcome: 'noSupplierRegistered',
    },
    stage: 'marketDialogue',
  },
  { by: 'officer', event: { type: 'START_CO_DEVELOPMENT' }, stage: 'coDevelopment' },
  {
    by: 'officer',
    event: {
      type: 'RECORD_CO_DEVELOPMENT_ACTIVITY',
      kind: 'pilot',
      title: 'Pilot in two schools',
      date: '2027-04-01',
      participants: ['Acme Oy', 'Beta Ab'],
      outcomes: 'Battery replacement service is needed in year 3.',
    },
    stage: 'coDevelopment',
  },
  { by: 'officer', event: { type: 'COMPLETE_CO_DEVELOPMENT' }, stage: 'criteriaAndStrategy' },
  {
    by: 'officer',
    event: {
      type: 'RECORD_SUSTAINABILITY_STRATEGY',
      goals: [
        { code: 'environmental.circularEconomy', strategy: 'Refurbished devices with take-back.' },
        { code: 'environmental.carbonEmissionsReduction', strategy: 'Award points for lower life-cycle CO2e.' },
      ],
    },
    stage: 'criteriaAndStrategy',
  },
  { by: 'officer', event: { type: 'COMPLETE_CRITERIA' }, stage: 'procedureSelection', prepare: prepareCriteria },
  {
    by: 'officer',
    event: { type: 'SELECT_PROCEDURE', procedure: 'open', rationale: 'Mature market with many suppliers.' },
    stage: 'procedureSelection',
  },
  { by: 'officer', event: { type: 'REQUEST_APPROVAL' }, stage: 'approval' },
  { by: 'manager', event: { type: 'APPROVE', comment: 'Well prepared.' }, stage: 'readyForTender' },
];

export const SMALL_WALK: WalkStep[] = [
  { by: 'officer', event: { type: 'START_NEEDS_ASSESSMENT' }, stage: 'needsAssessment' },
  {
    by: 'officer',
    event: { type: 'RECORD_NEEDS', need: 'Office chairs for the new library.', rationale: 'Old chairs are broken.' },
    stage: 'needsAssessment',
  },
  { by: 'officer', event: { type: 'COMPLETE_NEEDS_ASSESSMENT' }, stage: 'marketAnalysis' },
  {
    by: 'officer',
    event: { type: 'RECORD_MARKET_ANALYSIS', knownSuppliers: 4, solutions: ['remanufactured chairs'], maturity: 'mature' },
    stage: 'marketAnalysis',
  },
  { by: 'officer', event: { type: 'COMPLETE_MARKET_ANALYSIS' }, stage: 'criteriaAndStrategy' },
  {
    by: 'officer',
    event: { type: 'RECORD_SUSTAINABILITY_STRATEGY', goals: [{ code: 'environmental.resourceReuse', strategy: 'Remanufactured chairs.' }] },
    stage: 'criteriaAndStrategy',
  },
  { by: 'officer', event: { type: 'COMPLETE_CRITERIA' }, stage: 'procedureSelection', prepare: prepareCriteria },
  {
    by: 'officer',
    event: { type: 'SELECT_PROCEDURE', procedure: 'belowThresholdDirect', rationale: 'Value below the national threshold.' },
    stage: 'procedureSelection',
  },
  { by: 'officer', event: { type: 'REQUEST_APPROVAL' }, stage: 'approval' },
  { by: 'manager', event: { type: 'APPROVE' }, stage: 'readyForTender' },
];
