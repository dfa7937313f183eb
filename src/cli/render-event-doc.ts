import { EVENT_TYPES, OUTGOING_EVENT_TYPES, dataSchema, type EventTypeSpec } from '../outbox/event-catalogue';

export const EVENT_DOC_PATH = 'docs/events.md';

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** docs/events.md: every outgoing event type with its cause, who is e-mailed, and its data's JSON Schema, from the catalogue. */
export function renderEventDoc(): string {
  const rows = OUTGOING_EVENT_TYPES.map((type) => {
    const spec: EventTypeSpec = EVENT_TYPES[type];
    return `| [\`${type}\`](#${anchor(type)}) | ${cell(spec.description)} | ${cell(spec.cause)} | ${cell(spec.mail ?? '—')} |`;
  });
  const sections = OUTGOING_EVENT_TYPES.flatMap((type) => {
    const spec: EventTypeSpec = EVENT_TYPES[type];
    return [
      `### ${type}`,
      '',
      spec.description,
      '',
      `Announced by: ${spec.cause}. E-mailed to: ${spec.mail ?? 'nobody'}.`,
      '',
      '```json',
      JSON.stringify(dataSchema(type), null, 2),
      '```',
      '',
    ];
  });
  return [
    '# Outgoing events',
    '',
    '<!-- Generated from src/outbox/event-catalogue.ts by `npm run docs:workflows`; do not edit. -->',
    '',
    'Every committed change of a plan writes its outgoing events into the outbox in the same transaction',
    '(decision 0021): nothing committed goes unannounced, nothing rolled back is announced. The dispatcher',
    "hands them on after commit, at least once and in commit order per plan, to the organisation's webhooks",
    '([webhooks.md](webhooks.md): CloudEvents 1.0, `type` as below, `subject` the plan id, `data` as below) and',
    'to e-mail ([notifications.md](notifications.md)).',
    '',
    "Every event's `data` has `plan` (id, ocid, title, organisation, stage after the change, version, workflow)",
    'and `actor` (who acted, or `null` when a supplier did: suppliers are never named). It holds only what the',
    "organisation's own officers may read, and less: never a supplier's answers, comments or trade secrets,",
    'never who asked a question. One change may announce several events, in this order: what it did, then',
    '`plan.stageChanged` when the stage changed. Reminders (`dialogue.roundClosing`, `approval.waiting`,',
    '`dialogue.responsesDigest`) come from durable timers and are announced only if they still apply when due.',
    '',
    '| Type | Meaning | Announced by | E-mailed to |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
    '## Data schemas',
    '',
    ...sections,
  ].join('\n');
}

function anchor(type: string): string {
  return type.toLowerCase().replace(/[^a-z0-9]/g, '');
}
