import { THRESHOLDS, type Threshold } from '../thresholds/thresholds';

export const THRESHOLD_DOC_PATH = 'docs/thresholds.md';

const euros = (amount: number) => `${amount.toLocaleString('en-GB')} €`;
const period = (t: Threshold) => `${t.validFrom} – ${t.validTo ?? 'until replaced'}`;
const authority = (t: Threshold) => (t.authority === 'centralGovernment' ? 'central government' : t.authority === 'subCentral' ? 'sub-central (municipalities, …)' : 'any');

/** docs/thresholds.md: every threshold with its period and legal source, from src/thresholds/thresholds.ts. */
export function renderThresholdDoc(): string {
  const rows = (scope: Threshold['scope']) =>
    THRESHOLDS.filter((t) => t.scope === scope).map((t) => `| ${t.contractTypes.map((c) => `\`${c}\``).join(', ')} | ${authority(t)} | ${euros(t.amount)} | ${period(t)} | ${t.source} |`);
  const header = ['| Contract types | Authority | Threshold (without VAT) | In force | Source |', '| --- | --- | --- | --- | --- |'];
  return [
    '# Procurement thresholds',
    '',
    '<!-- Generated from src/thresholds/thresholds.ts by `npm run docs:workflows`; do not edit. -->',
    '',
    'Thresholds are data with the period each is in force: a change of law is a new row in',
    '`src/thresholds/thresholds.ts`, not a change of code. Estimated values are compared **without VAT**, and',
    'a value **equal** to a threshold is at or above it: the directive and the act apply from the',
    'threshold up. From the EU threshold up the directive\'s procedures apply; from the national',
    'threshold up the act\'s national procedures; below it neither (a small procurement).',
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
  ].join('\n');
}
