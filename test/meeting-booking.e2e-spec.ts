import { ManualClock } from '../src/common/clock';
import { createTestApp, type TestApp } from './support/create-test-app';
import { DAY, dialogueState, periods, registrationOf, suppliers } from './support/dialogue';
import { people } from './support/factories';
import { must, planInDialogue } from './support/route-fixtures';

const HOUR = 60 * 60 * 1000;
const A_ID = suppliers.a.businessId;
const B_ID = suppliers.b.businessId;

type Who = 'officer' | 'manager' | 'a' | 'b' | 'c';

interface Slot {
  id: string;
  startsAt: string;
  endsAt: string;
  booking?: { businessId: string; name: string } | null;
}

/**
 * Bookable one-to-one meetings (docs/dialogue.md#one-to-one-meetings), on SQLite and PostgreSQL: the
 * officer offers slots of one duration, each registered supplier books one, moves or declines it, two
 * suppliers racing for one slot get one booking between them, and minutes follow the slot.
 */
describe('Meeting booking: slots offered, booked, moved, declined, held', () => {
  let t: TestApp;
  const clock = new ManualClock(new Date());
  const tokens = {} as Record<Who, string>;
  let planId: string;
  let roundId: string;
  let slots: Slot[];
  const meetings = {} as Record<'a' | 'b' | 'c', string>;
  /** Tomorrow at a whole hour, so slots are easy to read in failures. */
  const base = new Date(Math.ceil((clock.now().getTime() + DAY) / HOUR) * HOUR);
  const at = (hours: number) => new Date(base.getTime() + hours * HOUR).toISOString();

  beforeAll(async () => {
    t = await createTestApp({ clock });
    tokens.officer = await t.token(people.officer);
    tokens.manager = await t.token(people.manager);
    for (const key of ['a', 'b', 'c'] as const) tokens[key] = await t.token(suppliers[key]);
    const fixture = await planInDialogue(
      t,
      { officer: tokens.officer, manager: tokens.manager, supplier: tokens.a, otherSupplier: tokens.b },
      { now: clock.now() },
    );
    planId = fixture.planId;
    const round = await must(
      post('officer', '/rounds', {
        type: 'oneToOne',
        title: 'Bookable meetings',
        description: 'Pick a time.',
        ...periods(clock.now(), { questions: 3, clarifications: 5, closes: 7 }),
      }),
      201,
    );
    roundId = round.id as string;
  });

  afterAll(async () => {
    await t?.close({ dropDatabase: true });
  });

  const path = (suffix = '') => `/procurements/${planId}/dialogue${suffix}`;
  const auth = (who: Who) => ({ Authorization: `Bearer ${tokens[who]}` });
  const post = (who: Who, suffix: string, body: object) => t.http().post(path(suffix)).set(auth(who)).send(body);
  const list = (who: Who) =>
    t
      .http()
      .get(path(`/rounds/${roundId}/meetings`))
      .set(auth(who));
  const book = (who: Who, slotId: string) =>
    t
      .http()
      .put(path(`/rounds/${roundId}/meetings/booking`))
      .set(auth(who))
      .send({ slotId });
  const decline = (who: Who) =>
    t
      .http()
      .delete(path(`/rounds/${roundId}/meetings/booking`))
      .set(auth(who));
  const minutes = (meetingId: string) => post('officer', `/rounds/${roundId}/meetings/${meetingId}/minutes`, { minutes: 'Discussed take-back logistics.' });
  const query = (sql: string, params: unknown[]): Promise<Array<Record<string, unknown>>> => {
    let n = 0;
    return t.dataSource.query(t.database.driver === 'postgres' ? sql.replace(/\?/g, () => `$${(n += 1)}`) : sql, params);
  };

  /** A refusal: the status and code, and nothing stored changed. */
  async function refused(send: () => PromiseLike<{ status: number; body: { code: string } }>, status: number, code: string) {
    const before = await dialogueState(t, planId);
    const res = await send();
    expect({ status: res.status, code: res.body.code }).toEqual({ status, code });
    expect(await dialogueState(t, planId)).toEqual(before);
    return res;
  }

  it('offers slots of one duration to every registered supplier', async () => {
    const res = await post('officer', `/rounds/${roundId}/meetings`, { startsAt: [at(2), at(0), at(1)], durationMinutes: 45 }).expect(201);
    expect(res.body.durationMinutes).toBe(45);
    slots = res.body.slots;
    expect(slots.map((s) => [s.startsAt, s.booking])).toEqual([
      [at(0), null],
      [at(1), null],
      [at(2), null],
    ]);
    expect(slots[0].endsAt).toBe(new Date(base.getTime() + 45 * 60_000).toISOString());
    const offered = res.body.offered as Array<{ id: string; businessId: string; durationMinutes: number; slotId: string | null }>;
    expect(offered.map((m) => [m.businessId, m.durationMinutes, m.slotId]).sort()).toEqual([
      [A_ID, 45, null],
      [B_ID, 45, null],
    ]);
    meetings.a = offered.find((m) => m.businessId === A_ID)!.id;
    meetings.b = offered.find((m) => m.businessId === B_ID)!.id;
  });

  it('refuses bad slots and bad input with a code, storing nothing', async () => {
    const offer = (body: object) => () => post('officer', `/rounds/${roundId}/meetings`, body);
    await refused(offer({ startsAt: [at(5)], durationMinutes: 30 }), 409, 'dialogue.slotDurationFixed');
    const overlap = await refused(offer({ startsAt: [at(0.5)] }), 400, 'dialogue.slotsInvalid');
    expect(overlap.body).toMatchObject({ details: [`startsAt[0]: overlaps the slot at ${at(0)}`] });
    const past = await refused(offer({ startsAt: [new Date(clock.now().getTime() - HOUR).toISOString()] }), 400, 'dialogue.slotsInvalid');
    expect(past.body).toMatchObject({ details: expect.arrayContaining(['startsAt[0]: must be in the future']) });
    await refused(offer({ startsAt: [at(6), at(6.25)] }), 400, 'dialogue.slotsInvalid');
    await refused(offer({ startsAt: ['tomorrow at nine'] }), 400, 'validation.failed');
    await refused(offer({ startsAt: [at(7)], durationMinutes: 5 }), 400, 'validation.failed');
    await refused(offer({ startsAt: [at(7)], proposedAt: at(7) }), 400, 'validation.failed');
    // Every registered supplier has an offer, and no new slot: nothing to do.
    await refused(offer({}), 409, 'dialogue.everyoneOffered');
    await refused(() => book('a', '00000000-0000-4000-8000-000000000000'), 404, 'dialogue.slotNotFound');
    await refused(() => book('a', 'slot one'), 400, 'validation.failed');
    await refused(() => book('officer', slots[0].id), 403, 'auth.roleRefused');
    await refused(() => book('c', slots[0].id), 403, 'dialogue.registerFirst');
  });

  it('shows a supplier the free slots and its own meeting, never who booked the others', async () => {
    await book('b', slots[0].id).expect(200);
    const seen = await list('a').expect(200);
    expect(seen.body).toEqual({
      durationMinutes: 45,
      freeSlots: [expect.objectContaining({ id: slots[1].id }), expect.objectContaining({ id: slots[2].id })],
      mine: [expect.objectContaining({ id: meetings.a, slotId: null, bookedAt: null, declinedAt: null })],
      sharedMaterial: [],
    });
    expect(JSON.stringify(seen.body)).not.toContain(B_ID);
    expect(JSON.stringify(seen.body)).not.toContain('Borealis');
  });

  it('books a free slot and refuses one another supplier holds', async () => {
    const booked = await book('a', slots[1].id).expect(200);
    expect(booked.body).toMatchObject({ id: meetings.a, slotId: slots[1].id, startsAt: at(1), bookedAt: clock.now().toISOString() });
    await refused(() => book('a', slots[0].id), 409, 'dialogue.slotTaken');
    // Booking the slot it has again changes nothing.
    const before = await dialogueState(t, planId);
    await book('a', slots[1].id).expect(200);
    expect(await dialogueState(t, planId)).toEqual(before);
  });

  it('moves a booking to another free slot in one step, freeing the old one', async () => {
    const moved = await book('a', slots[2].id).expect(200);
    expect(moved.body).toMatchObject({ slotId: slots[2].id, startsAt: at(2) });
    const seenByB = await list('b').expect(200);
    expect(seenByB.body.freeSlots.map((s: Slot) => s.id)).toEqual([slots[1].id]);
    expect(seenByB.body.mine).toEqual([expect.objectContaining({ slotId: slots[0].id })]);
  });

  it('lets a supplier decline: the slot is free again and the decline is kept', async () => {
    clock.advance(1000);
    const declined = await decline('a').expect(200);
    expect(declined.body).toMatchObject({ slotId: null, bookedAt: null, declinedAt: clock.now().toISOString() });
    const officer = await list('officer').expect(200);
    expect(officer.body.slots.map((s: Slot) => [s.id, s.booking?.businessId ?? null])).toEqual([
      [slots[0].id, B_ID],
      [slots[1].id, null],
      [slots[2].id, null],
    ]);
    expect(officer.body.slots[0].booking).toMatchObject({ meetingId: meetings.b, name: 'Borealis IT Ab' });
    expect(officer.body.all).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: meetings.a, businessId: A_ID, name: 'Aurora Refurb Oy', slotId: null, declinedAt: clock.now().toISOString() }),
        expect.objectContaining({ id: meetings.b, businessId: B_ID, slotId: slots[0].id, startsAt: at(0) }),
      ]),
    );
    await refused(() => minutes(meetings.a), 409, 'dialogue.meetingNotBooked');
  });

  it('gives a slot two suppliers book at the same moment to one of them; the other gets 409', async () => {
    await decline('b').expect(200);
    const [fromA, fromB] = await Promise.all([book('a', slots[2].id), book('b', slots[2].id)]);
    expect([fromA.status, fromB.status].sort()).toEqual([200, 409]);
    const loser = fromA.status === 409 ? fromA : fromB;
    expect(loser.body).toMatchObject({ code: 'dialogue.slotTaken' });
    const holders = await query('SELECT business_id FROM meetings WHERE slot_id = ?', [slots[2].id]);
    expect(holders).toHaveLength(1);
    expect(holders[0].business_id).toBe(fromA.status === 200 ? A_ID : B_ID);
    // Whoever lost books the slot left free, so both hold one for what follows.
    await book(fromA.status === 200 ? 'b' : 'a', slots[1].id).expect(200);
  });

  it('keeps a slot to one meeting in the database itself, without the service', async () => {
    const [a] = await query('SELECT slot_id FROM meetings WHERE id = ?', [meetings.a]);
    await expect(query('UPDATE meetings SET slot_id = ? WHERE id = ?', [a.slot_id, meetings.b])).rejects.toThrow(/unique|UNIQUE/);
  });

  it('offers the slots to a late registrant before any minutes are recorded', async () => {
    await post('c', '/registrations', registrationOf('Continental Devices SE', false)).expect(201);
    clock.set(at(3));
    await refused(() => minutes(meetings.a), 409, 'dialogue.equalTreatment');
    const late = await post('officer', `/rounds/${roundId}/meetings`, { startsAt: [at(4)] }).expect(201);
    expect(late.body.offered.map((m: { businessId: string }) => m.businessId)).toEqual([suppliers.c.businessId]);
    expect(late.body.slots).toEqual([expect.objectContaining({ startsAt: at(4), durationMinutes: 45 })]);
    meetings.c = late.body.offered[0].id;
    const seenByC = await list('c').expect(200);
    expect(seenByC.body.freeSlots.map((s: Slot) => s.startsAt)).toEqual([at(4)]);
  });

  it('records minutes only after the booked slot has ended; a started slot can no longer be moved or declined', async () => {
    await book('c', (await list('c')).body.freeSlots[0].id).expect(200);
    await refused(() => minutes(meetings.c), 409, 'dialogue.meetingNotOver');
    await refused(() => decline('a'), 409, 'dialogue.slotPassed');
    const held = await minutes(meetings.a).expect(201);
    expect(held.body).toMatchObject({ id: meetings.a, heldAt: clock.now().toISOString(), minutes: 'Discussed take-back logistics.' });
    await refused(() => minutes(meetings.a), 409, 'dialogue.meetingHeld');
    clock.advance(2 * HOUR);
    await minutes(meetings.c).expect(201);
  });

  it('puts every offer, booking, move, decline and meeting on the audit trail with the rows it wrote, and verifies', async () => {
    const res = await t.http().get(`/procurements/${planId}/history?limit=100`).set(auth('officer')).expect(200);
    const events = (res.body.items as Array<{ type: string; payload: Record<string, unknown>; records: Array<{ kind: string; id: string }> }>).filter(
      (e) => (e.payload as { roundId?: string }).roundId === roundId && e.type.startsWith('MEETING'),
    );
    expect(events.map((e) => e.type)).toEqual([
      'MEETINGS_OFFERED',
      'MEETING_BOOKED',
      'MEETING_BOOKED',
      'MEETING_MOVED',
      'MEETING_DECLINED',
      'MEETING_DECLINED',
      'MEETING_BOOKED',
      'MEETING_BOOKED',
      'MEETINGS_OFFERED',
      'MEETING_BOOKED',
      'MEETING_HELD',
      'MEETING_HELD',
    ]);
    expect(events[0].records.map((r) => r.kind).sort()).toEqual(['meeting', 'meeting', 'meetingSlot', 'meetingSlot', 'meetingSlot']);
    expect(events[3].payload).toMatchObject({
      meetingId: meetings.a,
      businessId: A_ID,
      slotId: slots[2].id,
      previousSlotId: slots[1].id,
      previousStartsAt: at(1),
    });
    expect(events[4].payload).toMatchObject({ meetingId: meetings.a, slotId: slots[2].id, startsAt: at(2) });
    expect(events[4].records).toEqual([expect.objectContaining({ kind: 'meeting', id: meetings.a })]);
    const verified = await t.http().get(`/procurements/${planId}/history/verify`).set(auth('officer')).expect(200);
    expect(verified.body).toMatchObject({ intact: true });
    // Managers read who booked as counts only, as they read the dialogue.
    const managerView = await t.http().get(`/procurements/${planId}/history?limit=100`).set(auth('manager')).expect(200);
    expect(JSON.stringify(managerView.body)).not.toContain(A_ID);
  });
});
