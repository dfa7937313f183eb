import { randomUUID } from 'node:crypto';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../../workflows/common/types';
import type { Caller } from '../common/auth/caller';
import { Clock } from '../common/clock';
import { BadRequestError, ConflictError, ForbiddenError, NotFoundError } from '../common/errors';
import { UnitOfWork } from '../database/unit-of-work';
import { AuditLogService } from '../engine/audit-log.service';
import { EngineService } from '../engine/engine.service';
import { ProcurementPlanEntity } from '../engine/procurement-plan.entity';
import { assertCanSeeDialogue, assertOwningOfficer, assertSeesDialogueContent } from './dialogue-access';
import { DialogueSupport } from './dialogue-support';
import { DialogueRoundEntity, MeetingEntity, MeetingSlotEntity, SupplierRegistrationEntity } from './dialogue.entities';
import type { RecordMinutesDto } from './dto/officer-input.dto';
import type { BookSlotDto, OfferMeetingsDto } from './dto/meetings.dto';
import * as views from './meetings.views';

const actorOf = (caller: Caller): Actor => ({ id: caller.id, name: caller.name, role: caller.role });
const iso = (d: Date) => d.toISOString();
const MINUTE = 60_000;

interface LoadedRound {
  plan: ProcurementPlanEntity;
  round: DialogueRoundEntity;
}

/** A unique index refused the row: here, another supplier's meeting booked the slot first. */
function isUniqueViolation(err: unknown): boolean {
  const code = (err as { driverError?: { code?: string }; code?: string })?.driverError?.code ?? (err as { code?: string })?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/** Material shown in held meetings, which every registered supplier may read. */
export async function sharedMaterialOf(manager: EntityManager, planId: string, roundId?: string) {
  const held = await manager.find(MeetingEntity, { where: roundId ? { planId, roundId } : { planId }, order: { heldAt: 'ASC' } });
  return held
    .filter((m) => m.heldAt !== null)
    .flatMap((m) => m.sharedMaterial.map((material) => ({ roundId: m.roundId, sharedAt: iso(m.heldAt!), ...material })));
}

/**
 * One-to-one meetings of a dialogue round (docs/dialogue.md#one-to-one-meetings): the officer offers
 * slots of one duration to every registered supplier; each supplier books one, moves or declines it;
 * minutes are recorded once a booked slot's time is over, and only while every registered supplier
 * has been offered a meeting (equal treatment, Directive 2014/24/EU art. 41).
 */
@Injectable()
export class MeetingsService implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly engine: EngineService,
    private readonly clock: Clock,
    private readonly audit: AuditLogService,
    private readonly support: DialogueSupport,
  ) {}

  onModuleInit(): void {
    this.audit.register<MeetingEntity>({ kind: 'meeting', label: 'meeting', entity: MeetingEntity, chain: 'plan', idOf: (row) => row.id });
    this.audit.register<MeetingSlotEntity>({ kind: 'meetingSlot', label: 'meeting slot', entity: MeetingSlotEntity, chain: 'plan', idOf: (row) => row.id });
  }

  async list(planId: string, roundId: string, caller: Caller) {
    const manager = this.dataSource.manager;
    await this.loadRound(manager, planId, roundId, caller);
    assertSeesDialogueContent(caller);
    const slots = await manager.find(MeetingSlotEntity, { where: { roundId }, order: { startsAt: 'ASC', id: 'ASC' } });
    const durationMinutes = slots[0]?.durationMinutes ?? null;
    const byId = new Map(slots.map((s) => [s.id, s]));
    if (caller.role === 'supplier') {
      await this.requireRegistration(manager, planId, caller);
      const mine = await manager.find(MeetingEntity, { where: { roundId, businessId: caller.businessId! } });
      const booked = new Set((await manager.find(MeetingEntity, { where: { roundId }, select: { slotId: true } })).map((m) => m.slotId));
      const now = this.clock.now();
      return {
        durationMinutes,
        freeSlots: slots.filter((s) => !booked.has(s.id) && s.startsAt > now).map(views.freeSlot),
        mine: mine.map((m) => views.meetingForSupplier(m, m.slotId ? byId.get(m.slotId) : undefined)),
        sharedMaterial: await sharedMaterialOf(manager, planId, roundId),
      };
    }
    const meetings = await manager.find(MeetingEntity, { where: { roundId }, order: { offeredAt: 'ASC', businessId: 'ASC' } });
    const names = await this.namesOf(manager, planId);
    const bySlot = new Map(meetings.filter((m) => m.slotId !== null).map((m) => [m.slotId!, m]));
    return {
      durationMinutes,
      slots: slots.map((s) => {
        const m = bySlot.get(s.id);
        return views.officerSlot(s, m && { meeting: m, name: names.get(m.businessId) ?? null });
      }),
      all: meetings.map((m) => views.meeting(m, m.slotId ? byId.get(m.slotId) : undefined, names.get(m.businessId) ?? null)),
    };
  }

  /** New slots, and a meeting offer for every registered supplier that has none in the round yet. */
  async offer(planId: string, roundId: string, dto: OfferMeetingsDto, caller: Caller) {
    return this.unitOfWork.run(async (manager) => {
      const { plan, round } = await this.loadRound(manager, planId, roundId, caller, true);
      assertOwningOfficer(plan, caller);
      this.requireRunning(plan);
      this.support.requireRoundTakes({ plan, round }, 'meetings');
      const now = this.clock.now();
      const existing = await manager.find(MeetingSlotEntity, { where: { roundId }, order: { startsAt: 'ASC' } });
      const fixed = existing[0]?.durationMinutes ?? null;
      if (fixed !== null && dto.durationMinutes !== undefined && dto.durationMinutes !== fixed) {
        throw new ConflictError('dialogue.slotDurationFixed', { durationMinutes: fixed });
      }
      const starts = (dto.startsAt ?? []).map((s) => new Date(s));
      if (starts.length === 0 && existing.length === 0) throw new BadRequestError('dialogue.slotsRequired');
      const durationMinutes = fixed ?? dto.durationMinutes;
      if (durationMinutes === undefined) throw new BadRequestError('dialogue.slotDurationRequired');
      const problems = slotProblems(starts, durationMinutes, existing, round, now);
      if (problems.length > 0) throw new BadRequestError('dialogue.slotsInvalid', { problems: problems.join('; ') }, problems);

      const registered = await manager.find(SupplierRegistrationEntity, { where: { planId }, order: { registeredAt: 'ASC' } });
      if (registered.length === 0) throw new ConflictError('dialogue.nobodyRegistered');
      const offeredTo = new Set((await manager.find(MeetingEntity, { where: { roundId }, select: { businessId: true } })).map((m) => m.businessId));
      const offers = registered
        .filter((r) => !offeredTo.has(r.businessId))
        .map((r) =>
          Object.assign(new MeetingEntity(), {
            id: randomUUID(),
            roundId,
            planId,
            businessId: r.businessId,
            durationMinutes,
            offeredAt: now,
            offeredBy: caller.id,
            slotId: null,
            bookedAt: null,
            declinedAt: null,
            heldAt: null,
            minutes: null,
            sharedMaterial: [],
          }),
        );
      if (starts.length === 0 && offers.length === 0) throw new ConflictError('dialogue.everyoneOffered');
      const slots = starts
        .sort((a, b) => a.getTime() - b.getTime())
        .map((startsAt) =>
          Object.assign(new MeetingSlotEntity(), { id: randomUUID(), roundId, planId, startsAt, durationMinutes, offeredAt: now, offeredBy: caller.id }),
        );
      if (slots.length > 0) await manager.insert(MeetingSlotEntity, slots);
      if (offers.length > 0) await manager.insert(MeetingEntity, offers);
      await this.engine.record(
        manager,
        plan,
        'MEETINGS_OFFERED',
        actorOf(caller),
        { roundId, businessIds: offers.map((o) => o.businessId), durationMinutes, slots: slots.map((s) => ({ id: s.id, startsAt: iso(s.startsAt) })) },
        [...(await this.audit.digestsOf(manager, 'meetingSlot', slots)), ...(await this.audit.digestsOf(manager, 'meeting', offers))],
      );
      const names = new Map(registered.map((r) => [r.businessId, r.name]));
      return {
        durationMinutes,
        slots: slots.map((s) => views.officerSlot(s, undefined)),
        offered: offers.map((o) => views.meeting(o, undefined, names.get(o.businessId) ?? null)),
      };
    });
  }

  /** Books a free slot; a supplier that has a booking moves it there (the old slot is freed in the same transaction). */
  async book(planId: string, roundId: string, dto: BookSlotDto, caller: Caller) {
    return this.unitOfWork.run(async (manager) => {
      const { plan, meeting, current } = await this.supplierMeeting(manager, planId, roundId, caller);
      const slot = await manager.findOne(MeetingSlotEntity, { where: { id: dto.slotId, roundId } });
      if (!slot) throw new NotFoundError('dialogue.slotNotFound', { slotId: dto.slotId });
      if (current?.id === slot.id) return views.meetingForSupplier(meeting, slot);
      if (slot.startsAt <= this.clock.now()) throw new ConflictError('dialogue.slotPassed', { startsAt: iso(slot.startsAt) });
      if (await manager.exists(MeetingEntity, { where: { slotId: slot.id } })) throw new ConflictError('dialogue.slotTaken', { slotId: slot.id });
      const change = { slotId: slot.id, bookedAt: this.clock.now(), declinedAt: null };
      try {
        await manager.update(MeetingEntity, { id: meeting.id }, change);
      } catch (err) {
        // Without the plan row held (or on another path), the unique index still lets only one meeting book a slot.
        if (isUniqueViolation(err)) throw new ConflictError('dialogue.slotTaken', { slotId: slot.id });
        throw err;
      }
      Object.assign(meeting, change);
      await this.engine.record(
        manager,
        plan,
        current ? 'MEETING_MOVED' : 'MEETING_BOOKED',
        actorOf(caller),
        {
          roundId,
          meetingId: meeting.id,
          businessId: meeting.businessId,
          slotId: slot.id,
          startsAt: iso(slot.startsAt),
          durationMinutes: slot.durationMinutes,
          ...(current ? { previousSlotId: current.id, previousStartsAt: iso(current.startsAt) } : {}),
        },
        await this.audit.digestsOf(manager, 'meeting', [meeting]),
      );
      return views.meetingForSupplier(meeting, slot);
    });
  }

  /** The supplier declines its meeting: a booked slot is freed; it may book again while slots are free. */
  async decline(planId: string, roundId: string, caller: Caller) {
    return this.unitOfWork.run(async (manager) => {
      const { plan, meeting, current } = await this.supplierMeeting(manager, planId, roundId, caller);
      if (!current && meeting.declinedAt !== null) return views.meetingForSupplier(meeting, undefined);
      const change = { slotId: null, bookedAt: null, declinedAt: this.clock.now() };
      await manager.update(MeetingEntity, { id: meeting.id }, change);
      Object.assign(meeting, change);
      await this.engine.record(
        manager,
        plan,
        'MEETING_DECLINED',
        actorOf(caller),
        { roundId, meetingId: meeting.id, businessId: meeting.businessId, slotId: current?.id ?? null, startsAt: current ? iso(current.startsAt) : null },
        await this.audit.digestsOf(manager, 'meeting', [meeting]),
      );
      return views.meetingForSupplier(meeting, undefined);
    });
  }

  async recordMinutes(planId: string, roundId: string, meetingId: string, dto: RecordMinutesDto, caller: Caller) {
    return this.unitOfWork.run(async (manager) => {
      const { plan } = await this.loadRound(manager, planId, roundId, caller, true);
      assertOwningOfficer(plan, caller);
      this.requireRunning(plan);
      const meeting = await manager.findOne(MeetingEntity, { where: { id: meetingId, roundId } });
      if (!meeting) throw new NotFoundError('dialogue.meetingNotFound', { meetingId });
      if (meeting.heldAt !== null) throw new ConflictError('dialogue.meetingHeld', { heldAt: iso(meeting.heldAt) });
      const registered = await manager.find(SupplierRegistrationEntity, { where: { planId }, select: { businessId: true } });
      const offered = new Set((await manager.find(MeetingEntity, { where: { roundId }, select: { businessId: true } })).map((m) => m.businessId));
      const without = registered.filter((r) => !offered.has(r.businessId));
      if (without.length > 0) throw new ConflictError('dialogue.equalTreatment', { count: without.length });
      const slot = meeting.slotId ? await manager.findOne(MeetingSlotEntity, { where: { id: meeting.slotId } }) : null;
      if (!slot) throw new ConflictError('dialogue.meetingNotBooked', { meetingId });
      const now = this.clock.now();
      const endsAt = views.slotEnd(slot);
      if (now < endsAt) throw new ConflictError('dialogue.meetingNotOver', { endsAt: iso(endsAt) });
      const sharedMaterial = (dto.sharedMaterial ?? []).map((m) => ({ title: m.title, url: m.url ?? null, text: m.text ?? null }));
      const change = { heldAt: now, minutes: dto.minutes, sharedMaterial };
      await manager.update(MeetingEntity, { id: meetingId }, change);
      Object.assign(meeting, change);
      await this.engine.record(
        manager,
        plan,
        'MEETING_HELD',
        actorOf(caller),
        { roundId, meetingId, sharedMaterial },
        await this.audit.digestsOf(manager, 'meeting', [meeting]),
      );
      const name = (await manager.findOne(SupplierRegistrationEntity, { where: { planId, businessId: meeting.businessId } }))?.name ?? null;
      return views.meeting(meeting, slot, name);
    });
  }

  // ---------------------------------------------------------------- helpers

  /** The calling supplier's meeting in a one-to-one round, with the plan row held, and the slot it has booked. */
  private async supplierMeeting(manager: EntityManager, planId: string, roundId: string, caller: Caller) {
    const { plan } = await this.loadRound(manager, planId, roundId, caller, true);
    await this.requireRegistration(manager, planId, caller);
    this.requireRunning(plan);
    const meeting = await manager.findOne(MeetingEntity, { where: { roundId, businessId: caller.businessId! } });
    if (!meeting) throw new ConflictError('dialogue.noMeetingOffer', { roundId });
    if (meeting.heldAt !== null) throw new ConflictError('dialogue.meetingHeld', { heldAt: iso(meeting.heldAt) });
    const current = meeting.slotId ? await manager.findOne(MeetingSlotEntity, { where: { id: meeting.slotId } }) : null;
    // A meeting whose time has come is held as booked: it can no longer be moved or declined.
    if (current && current.startsAt <= this.clock.now()) throw new ConflictError('dialogue.slotPassed', { startsAt: iso(current.startsAt) });
    return { plan, meeting, current };
  }

  /** `lock`: the command changes the dialogue, so it holds the plan row until it commits (see EngineService.lockPlan). */
  private async loadRound(manager: EntityManager, planId: string, roundId: string, caller: Caller, lock = false): Promise<LoadedRound> {
    const plan = lock ? await this.engine.lockPlan(manager, planId) : await manager.findOne(ProcurementPlanEntity, { where: { id: planId } });
    if (!plan) throw new NotFoundError('plan.notFound', { planId });
    assertCanSeeDialogue(plan, caller);
    const round = await manager.findOne(DialogueRoundEntity, { where: { id: roundId, planId } });
    if (!round || !plan.snapshot.context.dialogue.rounds[roundId]) throw new NotFoundError('dialogue.roundNotFound', { roundId });
    return { plan, round };
  }

  private async requireRegistration(manager: EntityManager, planId: string, caller: Caller): Promise<void> {
    if (caller.role !== 'supplier') throw new ForbiddenError('dialogue.suppliersOnly');
    if (!(await manager.exists(SupplierRegistrationEntity, { where: { planId, businessId: caller.businessId! } }))) {
      throw new ForbiddenError('dialogue.registerFirst', { planId });
    }
  }

  private requireRunning(plan: ProcurementPlanEntity): void {
    if (!this.engine.hasTag(plan, 'dialogue.running')) throw new ConflictError('dialogue.notRunning', { stage: plan.stage });
  }

  private async namesOf(manager: EntityManager, planId: string): Promise<Map<string, string>> {
    const rows = await manager.find(SupplierRegistrationEntity, { where: { planId }, select: { businessId: true, name: true } });
    return new Map(rows.map((r) => [r.businessId, r.name]));
  }
}

/** Each new slot: in the future, not before the round opens, overlapping neither another new slot nor one the round has. */
function slotProblems(starts: Date[], durationMinutes: number, existing: MeetingSlotEntity[], round: DialogueRoundEntity, now: Date): string[] {
  const problems: string[] = [];
  const length = durationMinutes * MINUTE;
  const taken = existing.map((s) => ({ start: s.startsAt.getTime(), end: s.startsAt.getTime() + s.durationMinutes * MINUTE }));
  starts.forEach((start, i) => {
    const field = `startsAt[${i}]`;
    if (start <= now) problems.push(`${field}: must be in the future`);
    if (start < round.opensAt) problems.push(`${field}: must not be before the round opens (${iso(round.opensAt)})`);
    const from = start.getTime();
    const clash = [...taken, ...starts.filter((_, j) => j !== i).map((s) => ({ start: s.getTime(), end: s.getTime() + length }))].find(
      (other) => from < other.end && other.start < from + length,
    );
    if (clash) problems.push(`${field}: overlaps the slot at ${iso(new Date(clash.start))}`);
  });
  return problems;
}
