/**
 * Procurement thresholds as effective-dated data (issue 13): a change of law is a new row here, not
 * a change of code. Amounts are in euros without VAT; a value equal to a threshold is at or above it
 * (the directive and the act apply from the threshold up). `docs/thresholds.md` is generated from
 * this table by `npm run docs:workflows` and checked by a test.
 */

export const CONTRACT_TYPES = ['supplies', 'services', 'works', 'socialAndHealthServices', 'otherSpecificServices', 'concession'] as const;
export type ContractType = (typeof CONTRACT_TYPES)[number];

/** Central government authorities have lower EU thresholds for supplies and services; a municipality is sub-central. */
export type AuthorityKind = 'centralGovernment' | 'subCentral';

export type Regime = 'belowNationalThreshold' | 'national' | 'eu';

export interface Threshold {
  scope: 'eu' | 'national';
  contractTypes: readonly ContractType[];
  /** Only for this kind of authority; both when absent. */
  authority?: AuthorityKind;
  /** Euros, without VAT. */
  amount: number;
  /** First day in force (ISO date), and the last (null: until replaced). */
  validFrom: string;
  validTo: string | null;
  /** The legal source, as a reader would cite it. */
  source: string;
}

const EU_2024 = 'Directive 2014/24/EU, art. 4, as amended by Commission Delegated Regulation (EU) 2023/2495';
const EU_2026 = 'Directive 2014/24/EU, art. 4, as amended by Commission Delegated Regulation (EU) 2025/2152';
const FI_2017 = 'Laki julkisista hankinnoista ja käyttöoikeussopimuksista (1397/2016), 25 §';

const SUPPLIES_AND_SERVICES: readonly ContractType[] = ['supplies', 'services'];
const ANNEX_XIV: readonly ContractType[] = ['socialAndHealthServices', 'otherSpecificServices'];

// One threshold a line, like the tables of the law.
// prettier-ignore
export const THRESHOLDS: readonly Threshold[] = [
  { scope: 'eu', contractTypes: ['works'], amount: 5_538_000, validFrom: '2024-01-01', validTo: '2025-12-31', source: EU_2024 },
  { scope: 'eu', contractTypes: SUPPLIES_AND_SERVICES, authority: 'centralGovernment', amount: 143_000, validFrom: '2024-01-01', validTo: '2025-12-31', source: EU_2024 },
  { scope: 'eu', contractTypes: SUPPLIES_AND_SERVICES, authority: 'subCentral', amount: 221_000, validFrom: '2024-01-01', validTo: '2025-12-31', source: EU_2024 },
  { scope: 'eu', contractTypes: ANNEX_XIV, amount: 750_000, validFrom: '2024-01-01', validTo: '2025-12-31', source: `${EU_2024} (social and other specific services, Annex XIV)` },
  { scope: 'eu', contractTypes: ['works'], amount: 5_404_000, validFrom: '2026-01-01', validTo: null, source: EU_2026 },
  { scope: 'eu', contractTypes: SUPPLIES_AND_SERVICES, authority: 'centralGovernment', amount: 140_000, validFrom: '2026-01-01', validTo: null, source: EU_2026 },
  { scope: 'eu', contractTypes: SUPPLIES_AND_SERVICES, authority: 'subCentral', amount: 216_000, validFrom: '2026-01-01', validTo: null, source: EU_2026 },
  { scope: 'eu', contractTypes: ANNEX_XIV, amount: 750_000, validFrom: '2026-01-01', validTo: null, source: `${EU_2026} (social and other specific services, Annex XIV)` },
  { scope: 'national', contractTypes: SUPPLIES_AND_SERVICES, amount: 60_000, validFrom: '2017-01-01', validTo: null, source: `${FI_2017} (supplies, services and design contests)` },
  { scope: 'national', contractTypes: ['works'], amount: 150_000, validFrom: '2017-01-01', validTo: null, source: `${FI_2017} (works)` },
  { scope: 'national', contractTypes: ['socialAndHealthServices'], amount: 400_000, validFrom: '2017-01-01', validTo: null, source: `${FI_2017} (social and health services, Annex E points 1–4)` },
  { scope: 'national', contractTypes: ['otherSpecificServices'], amount: 300_000, validFrom: '2017-01-01', validTo: null, source: `${FI_2017} (other specific services, Annex E points 5–15)` },
  { scope: 'national', contractTypes: ['concession'], amount: 500_000, validFrom: '2017-01-01', validTo: null, source: `${FI_2017} (concessions)` },
];

/** The threshold of one scope in force on `date` (YYYY-MM-DD) for the contract type and authority; null when the table has none. */
export function thresholdAt(scope: Threshold['scope'], contractType: ContractType, authority: AuthorityKind, date: string): Threshold | null {
  const matching = THRESHOLDS.filter(
    (t) =>
      t.scope === scope &&
      t.contractTypes.includes(contractType) &&
      (t.authority === undefined || t.authority === authority) &&
      t.validFrom <= date &&
      (t.validTo === null || date <= t.validTo),
  );
  if (matching.length > 1) throw new Error(`Thresholds overlap for ${scope} ${contractType} ${authority} on ${date}: fix src/thresholds/thresholds.ts`);
  return matching[0] ?? null;
}

export interface RegimeVerdict {
  regime: Regime;
  /** The threshold that decided it: the one reached, or the national one not reached. */
  threshold: Threshold | null;
  national: Threshold | null;
  eu: Threshold | null;
}

/**
 * Which rules apply to an estimated value (euros without VAT) on a date: the directive's from the
 * EU threshold up, the act's national procedures from the national threshold up, below it neither.
 */
export function regimeOf(input: { contractType: ContractType; authority: AuthorityKind; amount: number; date: string }): RegimeVerdict {
  const national = thresholdAt('national', input.contractType, input.authority, input.date);
  const eu = thresholdAt('eu', input.contractType, input.authority, input.date);
  if (eu && input.amount >= eu.amount) return { regime: 'eu', threshold: eu, national, eu };
  if (national && input.amount >= national.amount) return { regime: 'national', threshold: national, national, eu };
  return { regime: 'belowNationalThreshold', threshold: national, national, eu };
}

/**
 * The contract type a CPV code implies when the officer states none: division 45 is works, 85 health
 * and social work services, 50 and above services, the rest supplies. Concessions and the other
 * specific services of Annex XIV cannot be told from the code: the officer states them.
 */
export function inferContractType(cpvCode: string): ContractType {
  const division = cpvCode.slice(0, 2);
  if (division === '45') return 'works';
  if (division === '85') return 'socialAndHealthServices';
  return division >= '50' ? 'services' : 'supplies';
}

/** The directive's procedures (Directive 2014/24/EU art. 26–32): the only ones from the EU threshold up. */
export const DIRECTIVE_PROCEDURES = ['open', 'restricted', 'competitiveProcedureWithNegotiation', 'competitiveDialogue', 'innovationPartnership'] as const;

/** A direct award without a competition: only below the national threshold (hankintalaki 1397/2016, 25 § and 75 §). */
export const BELOW_THRESHOLD_ONLY_PROCEDURES = ['belowThresholdDirect'] as const;

/** Built once: creating an Intl formatter costs far more than formatting with one. */
const HELSINKI_DAY = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Helsinki', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The last minute formatted: every request asks for today a few times, and a day never changes within a minute (time zones move by whole quarter hours). */
let lastMinute = Number.NaN;
let lastDay = '';

/** The day a date falls on in Finland (YYYY-MM-DD): thresholds change at midnight Helsinki time. */
export function helsinkiDate(at: Date): string {
  const minute = Math.floor(at.getTime() / 60_000);
  if (minute !== lastMinute) {
    lastDay = HELSINKI_DAY.format(at);
    lastMinute = minute;
  }
  return lastDay;
}
