import { helsinkiDate } from '../thresholds/thresholds';
import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { MoreThanOrEqual, type EntityManager } from 'typeorm';
import { Environment } from '../config/environment';
import { DialogueRoundEntity, SupplierResponseEntity } from '../dialogue/dialogue.entities';
import { EngineService } from '../engine/engine.service';
import { TimerEntity } from '../engine/timer.entity';
import { TimerService } from '../engine/timer.service';
import type { ProcurementPlanEntity } from '../engine/procurement-plan.entity';
import type { OutgoingEvent } from './event-catalogue';
import { OutboxWriter } from './outbox.writer';
import { planSummary } from './outgoing-events';
import { extended } from '../common/extended';

/** Suppliers are reminded this long before a round closes. */
export const ROUND_CLOSING_NOTICE_MS = 48 * 3_600_000;
/** The officers' digest of responses goes at this hour, Finnish time. */
export const DIGEST_HOUR_HELSINKI = 8;

type ReminderType = 'dialogue.roundClosing' | 'approval.waiting' | 'dialogue.responsesDigest';

interface RoundClosingPayload {
  roundId: string;
  closesAt: string;
}
interface ApprovalWaitingPayload {
  requestedAt: string;
  stage: string;
  stageEnteredAt: string;
}
interface DigestPayload {
  since: string;
}

/**
 * Reminders are durable timers of kind `reminder` on the engine's timer machinery (decision 0021):
 * set and cancelled in the transaction of the change that calls for them, fired by the timer poller
 * exactly once across instances (and after downtime), and announced through the outbox like any
 * other event. When one fires it first checks it still applies: a round extended, closed or
 * cancelled, or a plan decided, makes it void.
 */
@Injectable()
export class ReminderService implements OnModuleInit {
  constructor(
    private readonly timers: TimerService,
    private readonly engine: EngineService,
    private readonly writer: OutboxWriter,
    @Inject(Environment) private readonly env: Environment,
  ) {}

  onModuleInit(): void {
    this.timers.handleReminders((manager, timer, now) => this.fire(manager, timer, now));
  }

  /** Sets or cancels the reminders an outgoing event calls for, in its transaction. */
  async follow(manager: EntityManager, plan: ProcurementPlanEntity, event: OutgoingEvent, at: Date): Promise<void> {
    const data = event.data as Record<string, unknown>;
    switch (event.type) {
      case 'dialogue.roundScheduled':
      case 'dialogue.roundExtended': {
        const round = data.round as { id: string; opensAt: string; closesAt: string };
        const key = `reminder:roundClosing:${round.id}`;
        await this.timers.cancelReminder(manager, plan.id, key, at, `Replaced by ${event.type}.`);
        const closesAt = new Date(round.closesAt);
        const due = new Date(Math.max(closesAt.getTime() - ROUND_CLOSING_NOTICE_MS, new Date(round.opensAt).getTime(), at.getTime()));
        if (due < closesAt) await this.schedule(manager, plan.id, key, 'dialogue.roundClosing', { roundId: round.id, closesAt: round.closesAt }, due, at);
        return;
      }
      case 'dialogue.roundClosed':
        await this.timers.cancelReminder(manager, plan.id, `reminder:roundClosing:${String(data.roundId)}`, at, 'The round closed.');
        return;
      case 'approval.requested': {
        const key = 'reminder:approvalWaiting';
        await this.timers.cancelReminder(manager, plan.id, key, at, 'Approval requested again.');
        const payload: ApprovalWaitingPayload = { requestedAt: at.toISOString(), stage: plan.stage, stageEnteredAt: plan.stageEnteredAt.toISOString() };
        await this.schedule(manager, plan.id, key, 'approval.waiting', payload, new Date(at.getTime() + this.env.APPROVAL_REMINDER_DAYS * 86_400_000), at);
        return;
      }
      case 'approval.decided':
      case 'plan.cancelled':
      case 'plan.closedUnsuccessful':
        await this.timers.cancelReminder(manager, plan.id, 'reminder:approvalWaiting', at, `Settled by ${event.type}.`);
        return;
      case 'plan.stageChanged':
        // A closed plan reminds nobody of anything.
        if (this.engine.definitionFor(plan).stages.find((s) => s.id === plan.stage)?.final)
          await this.timers.cancelReminder(manager, plan.id, null, at, `The plan closed (${plan.stage}).`);
        return;
      case 'dialogue.responseReceived': {
        const key = 'reminder:responsesDigest';
        if (await this.timers.hasPending(manager, plan.id, key)) return;
        await this.schedule(manager, plan.id, key, 'dialogue.responsesDigest', { since: at.toISOString() } satisfies DigestPayload, nextDigestTime(at), at);
        return;
      }
      // Every event type is named: a new one is a decision about reminders, not silently none.
      // The reminders' own events (approval.waiting, dialogue.roundClosing, dialogue.responsesDigest) set none.
      case 'approval.waiting':
      case 'criteria.changed':
      case 'dialogue.answerPublished':
      case 'dialogue.clarificationsClosed':
      case 'dialogue.draftCommentReceived':
      case 'dialogue.meetingBooked':
      case 'dialogue.meetingDeclined':
      case 'dialogue.meetingHeld':
      case 'dialogue.meetingOffered':
      case 'dialogue.questionAsked':
      case 'dialogue.questionDismissed':
      case 'dialogue.registrationUpdated':
      case 'dialogue.responsesDigest':
      case 'dialogue.roundClosing':
      case 'dialogue.summaryPublished':
      case 'dialogue.supplierRegistered':
      case 'lifeCycleCost.changed':
      case 'notice.statisticsOverridden':
      case 'plan.created':
      case 'plan.eventRecorded':
      case 'plan.goalsDeclared':
      case 'plan.teamChanged':
      case 'plan.tenderLinked':
      case 'plan.updated':
      case 'plan.workflowMigrated':
      default:
        return;
    }
  }

  private async schedule(manager: EntityManager, planId: string, key: string, type: ReminderType, payload: object, dueAt: Date, at: Date): Promise<void> {
    await manager.insert(TimerEntity, {
      id: randomUUID(),
      planId,
      key,
      kind: 'reminder',
      eventType: type,
      payload: JSON.stringify(payload),
      dueAt,
      status: 'pending',
      attempts: 0,
      scheduledAt: at,
      settledAt: null,
      outcome: null,
    });
  }

  /** Fires a due reminder in the poller's transaction: its event goes to the outbox, or it is void with the reason. */
  async fire(manager: EntityManager, timer: TimerEntity, now: Date): Promise<{ fired: boolean; outcome: string }> {
    const plan = await this.engine.lockPlan(manager, timer.planId);
    if (!plan) return { fired: false, outcome: 'The plan no longer exists.' };
    if (this.engine.definitionFor(plan).stages.find((s) => s.id === plan.stage)?.final) {
      return { fired: false, outcome: `The plan is closed (${plan.stage}).` };
    }
    const base = { plan: planSummary(plan), actor: null };
    let event: OutgoingEvent | null = null;
    let voidReason = '';
    if (timer.eventType === 'dialogue.roundClosing') {
      const payload = JSON.parse(timer.payload) as RoundClosingPayload;
      const schedule = plan.snapshot.context.dialogue.rounds[payload.roundId];
      if (!schedule || schedule.closedAt !== null) voidReason = 'The round has closed.';
      else if (schedule.closesAt !== payload.closesAt) voidReason = 'The round was extended.';
      else if (now >= new Date(payload.closesAt)) voidReason = 'The round closes before the reminder could go (the service was down).';
      else event = { type: 'dialogue.roundClosing', data: extended(base, { round: { id: payload.roundId, closesAt: payload.closesAt } }) };
    } else if (timer.eventType === 'approval.waiting') {
      const payload = JSON.parse(timer.payload) as ApprovalWaitingPayload;
      if (plan.stage !== payload.stage || plan.stageEnteredAt.toISOString() !== payload.stageEnteredAt) voidReason = 'The approval was decided or withdrawn.';
      else event = { type: 'approval.waiting', data: extended(base, { requestedAt: payload.requestedAt, days: this.env.APPROVAL_REMINDER_DAYS }) };
    } else if (timer.eventType === 'dialogue.responsesDigest') {
      const payload = JSON.parse(timer.payload) as DigestPayload;
      const rounds = await this.responsesSince(manager, plan.id, new Date(payload.since));
      if (rounds.length === 0) voidReason = 'No responses since the last digest.';
      else event = { type: 'dialogue.responsesDigest', data: extended(base, { since: payload.since, rounds }) };
    } else {
      voidReason = `Unknown reminder ${timer.eventType}.`;
    }
    if (!event) return { fired: false, outcome: voidReason };
    await this.writer.append(manager, plan, [event], now);
    return { fired: true, outcome: 'Sent.' };
  }

  private async responsesSince(manager: EntityManager, planId: string, since: Date) {
    const responses = await manager.find(SupplierResponseEntity, { where: { planId, submittedAt: MoreThanOrEqual(since) }, order: { submittedAt: 'ASC' } });
    if (responses.length === 0) return [];
    const rounds = await manager.find(DialogueRoundEntity, { where: { planId } });
    return rounds
      .map((round) => {
        const ofRound = responses.filter((r) => r.roundId === round.id);
        return { roundId: round.id, title: round.title, responses: ofRound.length, suppliers: new Set(ofRound.map((r) => r.businessId)).size };
      })
      .filter((r) => r.responses > 0);
  }
}

/** The next digest hour in Helsinki after `at` (08:00 Europe/Helsinki, whatever the season). */
export function nextDigestTime(at: Date): Date {
  for (let days = 0; days <= 2; days += 1) {
    const candidate = helsinkiTime(at, days, DIGEST_HOUR_HELSINKI);
    if (candidate > at) return candidate;
  }
  return new Date(at.getTime() + 86_400_000);
}

/** `hour`:00 in Helsinki on the day `days` after `at`'s Helsinki date. */
function helsinkiTime(at: Date, days: number, hour: number): Date {
  const [y, m, d] = helsinkiDate(at).split('-').map(Number);
  const utcGuess = Date.UTC(y, m - 1, d + days, hour);
  // Helsinki is UTC+2 or UTC+3: find the offset at that moment.
  const offsetMinutes = helsinkiOffsetMinutes(new Date(utcGuess));
  return new Date(utcGuess - offsetMinutes * 60_000);
}

const HELSINKI_OFFSET = new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Helsinki', timeZoneName: 'shortOffset' });

function helsinkiOffsetMinutes(at: Date): number {
  const name = HELSINKI_OFFSET.formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT+2';
  const match = /GMT([+-]\d+)(?::(\d+))?/.exec(name);
  return match ? Number(match[1]) * 60 + Math.sign(Number(match[1])) * Number(match[2] ?? 0) : 120;
}
