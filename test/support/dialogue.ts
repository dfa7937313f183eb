import type { TestApp } from './create-test-app';

export const DAY = 24 * 60 * 60 * 1000;

export const suppliers = {
  a: { sub: 'supplier-a-user', name: 'Aino (Aurora Refurb Oy)', role: 'supplier', businessId: '1111111-1' },
  b: { sub: 'supplier-b-user', name: 'Bo (Borealis IT Ab)', role: 'supplier', businessId: '2222222-2' },
  c: { sub: 'supplier-c-user', name: 'Cecilia (Continental Devices SE)', role: 'supplier', businessId: 'DE123456789' },
  d: { sub: 'supplier-d-user', name: 'Daniel (Delta Repair Oy)', role: 'supplier', businessId: '4444444-4' },
} as const;

export const registrationOf = (name: string, sme: boolean) => ({
  name,
  contact: { name: `${name} sales`, email: `sales@${name.toLowerCase().replace(/[^a-z]/g, '')}.example` },
  sme,
});

export const RFI_QUESTIONNAIRE = [
  { id: 'warranty', text: 'What warranty do you offer?', type: 'text', mandatory: true, maxLength: 500 },
  { id: 'batteryLife', text: 'Guaranteed battery capacity after 3 years?', type: 'number', unit: '%', min: 0, max: 100, mandatory: true },
  { id: 'grade', text: 'Which refurbishment grade?', type: 'singleChoice', options: ['A', 'B', 'C'], mandatory: false },
  { id: 'takeBack', text: 'Do you take devices back at end of life?', type: 'yesNo', mandatory: true },
];

/** Deadlines relative to `now`, in days, as the API takes them. */
export function periods(now: Date, days: { opens?: number; questions: number; clarifications: number; closes: number }) {
  const at = (d: number) => new Date(now.getTime() + d * DAY).toISOString();
  return { opensAt: at(days.opens ?? 0), questionsUntil: at(days.questions), clarificationsUntil: at(days.clarifications), closesAt: at(days.closes) };
}

/** Everything a dialogue refusal must leave untouched, read straight from the database. */
export async function dialogueState(t: TestApp, planId: string) {
  const q = (sql: string) => t.dataSource.query(sql.replace('?', t.database.driver === 'postgres' ? '$1' : '?'), [planId]);
  return {
    plan: await q('SELECT stage, version, snapshot, audit_head_hash, next_deadline_at FROM procurement_plans WHERE id = ?'),
    audit: await q('SELECT seq, type, hash FROM audit_events WHERE plan_id = ? ORDER BY seq'),
    timers: await q('SELECT id, key, status, due_at FROM timers WHERE plan_id = ? ORDER BY id'),
    registrations: await q('SELECT id, business_id FROM supplier_registrations WHERE plan_id = ? ORDER BY id'),
    rounds: await q('SELECT id, opens_at, questions_until, clarifications_until, closes_at FROM dialogue_rounds WHERE plan_id = ? ORDER BY id'),
    responses: await q('SELECT id, version, answers FROM supplier_responses WHERE plan_id = ? ORDER BY id'),
    enquiries: await q('SELECT id, answer_id FROM enquiries WHERE plan_id = ? ORDER BY id'),
    answers: await q('SELECT id FROM enquiry_answers WHERE plan_id = ? ORDER BY id'),
    comments: await q('SELECT id FROM draft_comments WHERE plan_id = ? ORDER BY id'),
    meetings: await q('SELECT id, slot_id, booked_at, declined_at, held_at, minutes FROM meetings WHERE plan_id = ? ORDER BY id'),
    meetingSlots: await q('SELECT id, starts_at, duration_minutes FROM meeting_slots WHERE plan_id = ? ORDER BY id'),
  };
}
