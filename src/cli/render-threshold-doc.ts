import { THRESHOLDS, type Threshold } from '../thresholds/thresholds';

export const THRESHOLD_DOC_PATH = 'docs/thresholds.md';

const euros = (amount: number) => `${amount.toLocaleString('en-GB')} €`;
const period = (t: Threshold) => `${t.validFrom} – ${t.validTo ?? 'until replaced'}`;
const authority = (t: Threshold) =>
  t.authority === 'centralGovernment' ? 'central government' : t.authority === 'subCentral' ? 'sub-central (municipalities, …)' : 'any';

/** docs/thresholds.md: every threshold with its period and legal source, from src/thresholds/thresholds.ts. */
export function renderThresholdDoc(): string {
  const rows = (scope: Threshold['scope']) =>
    THRESHOLDS.filter((t) => t.scope === scope).map(
      (t) => `| ${t.contractTypes.map((c) => `\`${c}\``).join(', ')} | ${authority(t)} | ${euros(t.amount)} | ${period(t)} | ${t.source} |`,
    );
  const header = ['| Contract types | Authority | Threshold (without VAT) | In force | Source |', '| --- | --- | --- | --- | --- |'];
  return [
    '# Procurement thresholds',
    '',
    '<!-- Generated from src/thresholds/thresholds.ts by `npm run docs:workflows`; do not edit. -->',
    '',
    'Thresholds are data with the period each is in force: a change of law is a new row in',
    '`src/thresholds/thresholds.ts`, not a change of code. Estimated values are compared **without VAT**, and',
    'a value **equal** to a threshold is at or above it: the directive and the act apply from the',
    "threshold up. From the EU threshold up the directive's procedures apply; from the national",
    "threshold up the act's national procedures; below it neither (a small procurement).",
    '',
    '## EU thresholds',
    '',
    ...header,
    ...rows('eu'),
    '',
    'Concessions above the EU concession threshold (directive 2014/23/EU) are not in the table yet.',
    '',
    '## National thresholds (Finland)',
    '',
    ...header,
    ...rows('national'),
    '',
    '## How the service applies them',
    '',
    '- **Contract type.** A plan states its `contractType` (`POST /procurements`, `PATCH /procurements/{id}`); when it',
    '  states none, the CPV code decides: division 45 works, 85 social and health services, 50 and above',
    '  services, the rest supplies. Concessions and the other specific services of Annex XIV are stated.',
    '- **Kind of authority.** `PUT /organisations/{org}/profile` `{ "authorityKind": "centralGovernment" }` (managers);',
    '  an organisation that states nothing is sub-central, as a municipality is.',
    '- **Which day.** The thresholds in force on the day of the check, in Helsinki time (the EU figures of',
    '  2026 apply from 1 January 2026 00:00 in Finland).',
    '- **The regime on every plan.** `GET /procurements/{id}` answers `regime`: `applies`',
    '  (`belowNationalThreshold`, `national`, `eu`; `null` when the value is not in euros), both thresholds',
    '  with their sources, the value without VAT and the procedures the plan may select. The OCDS release',
    '  states it as `tender.legalBasis` (the legal basis extension): the directive (CELEX 32014L0024) or the act',
    '  (ELI of 1397/2016); below the national threshold no legal basis of either.',
    '- **Rules, for every plan of every workflow version** (`src/thresholds/threshold-rules.service.ts`, checked by the',
    "  engine in the change's transaction; a refusal is 422 and names the threshold, the value and the source):",
    '  - the `small-procurement` workflow only below the national threshold: creating such a plan at or above',
    '    it, or raising its value (or changing its contract type) to it, is refused',
    '    (`threshold.smallProcurementAtOrAboveNational`; in euros only: `threshold.valueNotInEuro`);',
    '  - the procedure `belowThresholdDirect` only below the national threshold',
    '    (`threshold.directAwardAtOrAboveNational`), judged when it is selected, when approval is asked for and',
    '    given, and when the value or contract type of a plan that selected it changes;',
    "  - from the EU threshold up only the directive's procedures (open, restricted, competitive procedure",
    '    with negotiation, competitive dialogue, innovation partnership: `threshold.directiveProcedureRequired`).',
    '',
  ].join('\n');
}
