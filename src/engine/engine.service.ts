import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  advance,
  evaluate,
  persist,
  requirementsFor,
  restore,
  stageHasTag,
  stageOf,
  start,
  type Evaluation,
  type StoredSnapshot,
} from '../../workflows/common/inspect';
import { requirement } from '../../workflows/common/requirements';
import type { StageTag } from '../../workflows/common/tags';
import type { Actor, EngineEvent, EventSpec, RequirementResult, Role, WorkflowDefinition } from '../../workflows/common/types';
import { WorkflowRegistry } from '../../workflows/registry';
import {
  BadRequestError,
  ConflictError,
  ForbiddenError,
  InvalidTransitionError,
  NotFoundError,
  PreconditionFailedError,
  RefusedToYouError,
  type UnmetLocaliser,
} from '../common/errors';
import { Clock } from '../common/clock';
import { UnitOfWork } from '../database/unit-of-work';
import { localiseUnmet } from '../i18n/workflow-texts';
import { changeHour, ProcurementPlanEntity, type TeamMember } from './procurement-plan.entity';
import type { ContractType } from '../thresholds/thresholds';
import { AuditLogService, GENESIS_HASH, type RecordDigest } from './audit-log.service';
import { FactsService } from './facts.service';
import { PayloadValidator } from './payload-validator';
import { PlanRows } from './plan-rows';
import { TimerService } from './timer.service';
import { extended } from '../common/extended';
import { uuidV7 } from '../common/uuid-v7';

export const OCID_PREFIX = Symbol('OCID_PREFIX');

/** The engine itself, as the sender of timer events. */
export const SYSTEM_ACTOR: Actor = { id: 'system', name: 'Planning engine', role: 'system' };

export interface NewPlan {
  title: string;
  description: string;
  cpvCode: string;
  budgetAmount: number;
  budgetCurrency: string;
  rationale: string | null;
  organisationId: string;
  workflowId: string;
  workflowVersion?: number;
  contractType: ContractType;
}

export interface IncomingEvent {
  type: string;
  payload: Record<string, unknown>;
}

export interface CommandOptions {
  /** The version the client last saw (If-Match); a different stored version is a 412. */
  expectedVersion?: number;
  /** Throws when the actor may not touch this plan; runs on the row read inside the transaction. */
  authorise?: (plan: ProcurementPlanEntity) => void;
  /** Rows the caller wrote with this event (a dialogue round), which its audit event vouches for. */
  records?: RecordDigest[];
  /**
   * Reads, in the command's transaction and before its COMMIT, what the caller's answer needs of the
   * database beside the changed plan (create, send and updateDetails). On PostgreSQL such a read leaves with
   * the command's writes and comes back with their answers, instead of taking a round trip and a
   * pooled connection of its own after COMMIT (issue 16); should it fail, the command fails and
   * nothing is kept, rather than a change committed behind an error.
   */
  readAfter?: (manager: EntityManager, plan: ProcurementPlanEntity) => Promise<void>;
  /**
   * Sends, in the command's transaction, reads that `readAfter` will want, before the command has
   * even seen the plan (send and updateDetails): it is called as the plan's own read under its lock
   * is sent, and its reads go out right behind that one. On PostgreSQL they come back in the same
   * round trip, and `readAfter` then finds its answer waiting instead of sending a read after the
   * command's writes, which would hold COMMIT back by a round trip (issue 16). It must send its reads
   * before it first waits; the command goes on once both the plan and these reads are answered, and
   * a failure fails the command as before.
   */
  readAhead?: (manager: EntityManager, planId: string) => Promise<void>;
}

export interface TransitionOption {
  event: string;
  description: string;
  roles: readonly string[];
  allowed: boolean;
  unmet: RequirementResult[];
}

/** A committed change of a plan, as listeners see it (inside the same transaction). */
export interface CommittedChange {
  type: string;
  actor: Actor;
  at: Date;
  fromStage: string | null;
  toStage: string;
  /** When the plan had entered `fromStage`; null for a new plan. */
  fromStageEnteredAt: Date | null;
  /** The event's payload as the audit trail stores it. */
  payload: unknown;
}

/**
 * Read models that must never drift from the plans (portfolio projections) update themselves
 * here, in the transaction of the change, so a committed change and its projection are one.
 */
export type CommitListener = (manager: EntityManager, plan: ProcurementPlanEntity, change: CommittedChange) => Promise<void>;

export type PlanDetailsChange = Partial<
  Pick<ProcurementPlanEntity, 'title' | 'description' | 'cpvCode' | 'budgetAmount' | 'budgetCurrency' | 'rationale' | 'contractType'>
>;

/** What a rule of law is asked to judge: a new plan, an edit (the plan as it would be), or an event about to be taken. */
export type RuleChange = { kind: 'create' } | { kind: 'update'; fields: readonly string[] } | { kind: 'event'; event: IncomingEvent };

/**
 * A rule that holds for every plan whatever its workflow version (the law's thresholds): it throws a
 * domain error to refuse the change, inside the change's transaction, before anything is written.
 */
export type PlanRule = (manager: EntityManager, plan: ProcurementPlanEntity, change: RuleChange) => Promise<void>;

/** A change of a plan's owner and team members (managers; the owner changes members). */
export interface TeamChange {
  owner: { id: string; name: string };
  members: TeamMember[];
}

/**
 * The one path every state change takes, from HTTP and (later) timers alike: in a single
 * transaction, load the plan, restore its machine with the version it started on, compute facts,
 * check role and `can()`, transition, write the row with an optimistic version check, and append
 * the audit event. No actor lives in memory between commands.
 */
@Injectable()
export class EngineService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly registry: WorkflowRegistry,
    private readonly facts: FactsService,
    private readonly audit: AuditLogService,
    private readonly payloads: PayloadValidator,
    private readonly timers: TimerService,
    private readonly clock: Clock,
    @Inject(OCID_PREFIX) private readonly ocidPrefix: string,
  ) {}

  private readonly listeners: CommitListener[] = [];

  onCommit(listener: CommitListener): void {
    this.listeners.push(listener);
  }

  private readonly rules: PlanRule[] = [];

  /** Rules of law every change of every plan must pass (see PlanRule). */
  addRule(rule: PlanRule): void {
    this.rules.push(rule);
  }

  private async judge(manager: EntityManager, plan: ProcurementPlanEntity, change: RuleChange): Promise<void> {
    for (const rule of this.rules) await rule(manager, plan, change);
  }

  private async notify(manager: EntityManager, plan: ProcurementPlanEntity, change: CommittedChange): Promise<void> {
    for (const listener of this.listeners) await listener(manager, plan, change);
  }

  definitionFor(plan: Pick<ProcurementPlanEntity, 'workflowId' | 'workflowVersion'>): WorkflowDefinition {
    const def = this.registry.get(plan.workflowId, plan.workflowVersion);
    if (!def) throw new Error(`Plan uses unknown workflow ${plan.workflowId}@${plan.workflowVersion}`);
    return def;
  }

  /** Whether the plan's stage carries `tag` in the plan's workflow version: what modules ask instead of naming stages. */
  hasTag(plan: Pick<ProcurementPlanEntity, 'workflowId' | 'workflowVersion' | 'stage'>, tag: StageTag): boolean {
    return stageHasTag(this.definitionFor(plan), plan.stage, tag);
  }

  async create(input: NewPlan, actor: Actor, options: Pick<CommandOptions, 'readAfter'> = {}): Promise<ProcurementPlanEntity> {
    const def = input.workflowVersion === undefined ? this.registry.latest(input.workflowId) : this.registry.get(input.workflowId, input.workflowVersion);
    if (!def) {
      const known = this.registry.list().map((d) => `${d.id}@${d.version}`);
      throw new BadRequestError('workflow.unknown', {
        workflow: `${input.workflowId}${input.workflowVersion === undefined ? '' : `@${input.workflowVersion}`}`,
        known: known.join(', '),
      });
    }
    const snapshot = start(def);
    const now = this.clock.now();
    // Time-ordered (UUIDv7): every index that begins with a plan's id (the plans' own key, the audit
    // chain's (plan_id, seq), the outbox's, the dialogue's and the criteria's) keeps the plans made
    // lately beside each other at its right-hand end, where the work is, instead of one page per plan
    // anywhere in the index (decision 0028, session 22).
    const id = uuidV7(now.getTime());
    const plan = Object.assign(new ProcurementPlanEntity(), {
      id,
      ocid: `${this.ocidPrefix}-${id}`,
      title: input.title,
      description: input.description,
      cpvCode: input.cpvCode,
      budgetAmount: input.budgetAmount,
      budgetCurrency: input.budgetCurrency,
      rationale: input.rationale,
      organisationId: input.organisationId,
      contractType: input.contractType,
      teamMembers: [],
      ownerId: actor.id,
      ownerName: actor.name,
      workflowId: def.id,
      workflowVersion: def.version,
      stage: stageOf(snapshot),
      snapshot: persist(snapshot),
      version: 1,
      stageEnteredAt: now,
      lastEventAt: now,
      nextDeadlineAt: null,
      environmentalAwardCriteria: 0,
      openToSuppliersAt: null,
      createdAt: now,
      updatedAt: now,
      updatedHour: changeHour(now),
      auditSeq: 1,
    } satisfies Omit<ProcurementPlanEntity, 'auditHeadHash'>);

    const createdPayload = extended(input, { workflowVersion: def.version });
    const created = this.audit.build({
      planId: id,
      seq: 1,
      type: 'PLAN_CREATED',
      actor,
      fromStage: null,
      toStage: plan.stage,
      planVersion: 1,
      payload: createdPayload,
      occurredAt: now,
      prevHash: GENESIS_HASH,
      stateDigest: this.audit.stateDigest(plan),
    });
    plan.auditHeadHash = created.hash;
    return this.unitOfWork.run(async (manager) => {
      await this.judge(manager, plan, { kind: 'create' });
      await manager.insert(ProcurementPlanEntity, plan);
      await this.audit.insert(manager, created);
      await this.notify(manager, plan, {
        type: 'PLAN_CREATED',
        actor,
        at: now,
        fromStage: null,
        toStage: plan.stage,
        fromStageEnteredAt: null,
        payload: createdPayload,
      });
      await options.readAfter?.(manager, plan);
      return plan;
    });
  }

  /** An event from the API: internal events (sent by modules and timers) are refused here. */
  async send(planId: string, incoming: IncomingEvent, actor: Actor, options: CommandOptions = {}): Promise<ProcurementPlanEntity> {
    return this.command(planId, options, (manager, plan) => {
      if (this.definitionFor(plan).events[incoming.type]?.internal) {
        throw new BadRequestError('event.internal', { event: incoming.type });
      }
      return this.transitionLoaded(manager, plan, incoming, actor);
    });
  }

  /** A command from the API in a transaction of its own: the plan read under its lock, changed, and what the answer reads. */
  private command(
    planId: string,
    options: CommandOptions,
    change: (manager: EntityManager, plan: ProcurementPlanEntity) => Promise<ProcurementPlanEntity>,
  ): Promise<ProcurementPlanEntity> {
    return this.unitOfWork.run(
      async (manager) => {
        // Both reads leave together; the change starts once both are answered, so its writes and
        // COMMIT leave together as well (see CommandOptions.readAhead).
        const [plan] = await Promise.all([this.loadForCommand(manager, planId, options), options.readAhead?.(manager, planId)]);
        const changed = await change(manager, plan);
        await options.readAfter?.(manager, changed);
        return changed;
      },
      { groupKey: planId },
    );
  }

  /** The same path inside a transaction a module already holds (dialogue rounds, timers). */
  async execute(manager: EntityManager, planId: string, incoming: IncomingEvent, actor: Actor, options: CommandOptions = {}): Promise<ProcurementPlanEntity> {
    return this.transitionLoaded(manager, await this.loadForCommand(manager, planId, options), incoming, actor, options.records);
  }

  private async transitionLoaded(
    manager: EntityManager,
    plan: ProcurementPlanEntity,
    incoming: IncomingEvent,
    actor: Actor,
    records?: RecordDigest[],
  ): Promise<ProcurementPlanEntity> {
    const def = this.definitionFor(plan);
    const spec = def.events[incoming.type];
    if (!spec) {
      throw new BadRequestError('event.unknown', {
        event: incoming.type,
        workflow: `${def.id}@${def.version}`,
        known: Object.keys(def.events)
          .filter((type) => !def.events[type].internal)
          .join(', '),
      });
    }
    this.payloads.validate(def, spec, incoming.payload);

    const snapshot = restore(def, plan.snapshot);
    const at = this.clock.now();
    const event: EngineEvent = {
      type: incoming.type,
      payload: incoming.payload,
      actor,
      at: at.toISOString(),
      facts: await this.facts.compute(manager, plan, plan.snapshot.context, actor),
    };
    const verdict = evaluate(def, snapshot, event);
    // Rules about who may act (four-eyes) are refusals of the person, named as such.
    const personal = verdict.unmet.filter((u) => requirement(u.id).authorisation);
    if (personal.length > 0) {
      throw new RefusedToYouError(plan.stage, incoming.type, personal, inWorkflow(def));
    }
    if (!spec.roles.includes(actor.role)) {
      throw new ForbiddenError('event.roleRefused', { event: incoming.type, roles: spec.roles.join(', '), role: actor.role });
    }
    if (!verdict.allowed) throw new InvalidTransitionError(plan.stage, incoming.type, refusalReasons(plan.stage, incoming.type, verdict), inWorkflow(def));
    await this.judge(manager, plan, { kind: 'event', event: incoming });

    const [next, actions] = advance(def, snapshot, event);
    const nextStage = stageOf(next);
    const timersChanged = await this.timers.apply(manager, plan.id, actions, at, incoming.type);
    return this.commit(manager, plan, {
      type: incoming.type,
      actor,
      payload: incoming.payload,
      records,
      at,
      changes: {
        stage: nextStage,
        snapshot: persist(next),
        stageEnteredAt: nextStage === plan.stage ? plan.stageEnteredAt : at,
        nextDeadlineAt: timersChanged > 0 ? await this.timers.nextDeadline(manager, plan.id) : plan.nextDeadlineAt,
      },
    });
  }

  /** Edits the plan's own fields; once a plan is closed only its rationale may change. */
  async updateDetails(planId: string, change: PlanDetailsChange, actor: Actor, options: CommandOptions = {}): Promise<ProcurementPlanEntity> {
    return this.command(planId, options, (manager, plan) => this.updateLoaded(manager, plan, change, actor));
  }

  private async updateLoaded(manager: EntityManager, plan: ProcurementPlanEntity, change: PlanDetailsChange, actor: Actor): Promise<ProcurementPlanEntity> {
    const def = this.definitionFor(plan);
    const closed = def.stages.find((s) => s.id === plan.stage)?.final ?? false;
    const fields = Object.keys(change) as Array<keyof PlanDetailsChange>;
    if (fields.length === 0) throw new BadRequestError('plan.nothingToChange');
    if (closed && fields.some((f) => f !== 'rationale')) {
      throw new InvalidTransitionError(
        plan.stage,
        'UPDATE_PLAN',
        [{ id: 'plan.closedOnlyRationale', message: `The plan is closed (${plan.stage}): only its rationale may change.`, params: { stage: plan.stage } }],
        inWorkflow(def),
      );
    }
    await this.judge(manager, Object.assign(new ProcurementPlanEntity(), plan, change), { kind: 'update', fields });
    const updated = await this.commit(manager, plan, { type: 'PLAN_UPDATED', actor, payload: change, at: this.clock.now(), changes: change });
    // Named as the API names them: the budget columns are the plan's estimatedValue.
    const substantive = [...new Set(fields.filter((f) => f !== 'rationale').map((f) => (f.startsWith('budget') ? 'estimatedValue' : f)))];
    if (substantive.length > 0 && def.events.VOID_APPROVAL && requirementsFor(def, updated.stage, 'VOID_APPROVAL') !== undefined) {
      return this.transitionLoaded(
        manager,
        updated,
        { type: 'VOID_APPROVAL', payload: { reason: `The plan changed after it was approved or submitted for approval: ${substantive.join(', ')}.` } },
        actor,
      );
    }
    return updated;
  }

  /**
   * Changes who owns the plan and who else is on its team. The team is the plan's own state: the
   * version moves (If-Match) and the trail records who was added and removed.
   */
  async changeTeam(
    planId: string,
    resolve: (manager: EntityManager, plan: ProcurementPlanEntity) => Promise<TeamChange>,
    actor: Actor,
    options: CommandOptions = {},
  ): Promise<ProcurementPlanEntity> {
    return this.unitOfWork.run(async (manager) => {
      const plan = await this.loadForCommand(manager, planId, options);
      const team = await resolve(manager, plan);
      const before = new Map(plan.teamMembers.map((m) => [m.id, m]));
      const after = new Map(team.members.filter((m) => m.id !== team.owner.id).map((m) => [m.id, m]));
      const payload = {
        owner: team.owner.id === plan.ownerId ? null : { from: { id: plan.ownerId, name: plan.ownerName }, to: team.owner },
        added: [...after.values()].filter((m) => !before.has(m.id)),
        removed: [...before.values()].filter((m) => !after.has(m.id)),
      };
      if (payload.owner === null && payload.added.length === 0 && payload.removed.length === 0) return plan;
      return this.commit(manager, plan, {
        type: 'PLAN_TEAM_CHANGED',
        actor,
        payload,
        at: this.clock.now(),
        changes: { ownerId: team.owner.id, ownerName: team.owner.name, teamMembers: [...after.values()] },
      });
    });
  }

  /**
   * Moves a plan to another version of its workflow (a WorkflowMigration, planned by `planMove`), in
   * the caller's transaction: the plan row locked and checked as for any command, the timers the new
   * stage does not take cancelled, one WORKFLOW_MIGRATED event on the chain.
   */
  async moveToVersion(
    manager: EntityManager,
    plan: ProcurementPlanEntity,
    move: { to: WorkflowDefinition; snapshot: StoredSnapshot; cancelTimers: readonly string[]; payload: Record<string, unknown> },
    actor: Actor,
  ): Promise<ProcurementPlanEntity> {
    const at = this.clock.now();
    let cancelled = 0;
    for (const key of move.cancelTimers) cancelled += await this.timers.cancel(manager, plan.id, key, at, 'WORKFLOW_MIGRATED');
    return this.commit(manager, plan, {
      type: 'WORKFLOW_MIGRATED',
      actor,
      payload: move.payload,
      at,
      changes: {
        workflowVersion: move.to.version,
        stage: move.snapshot.value,
        snapshot: move.snapshot,
        stageEnteredAt: move.snapshot.value === plan.stage ? plan.stageEnteredAt : at,
        nextDeadlineAt: cancelled > 0 ? await this.timers.nextDeadline(manager, plan.id) : plan.nextDeadlineAt,
      },
    });
  }

  /**
   * Appends an audit event for a change a module made to its own tables (a supplier's response, an
   * answer published, a meeting held), with the digests of the rows it wrote, inside the module's
   * transaction. The plan's own state and version stay as they are: If-Match keeps meaning the plan.
   * Appends are serialised on the plan row, so a supplier is never refused because another acted.
   */
  async record(
    manager: EntityManager,
    plan: ProcurementPlanEntity,
    type: string,
    actor: Actor,
    payload: unknown,
    records: RecordDigest[] = [],
  ): Promise<ProcurementPlanEntity> {
    return this.commit(manager, plan, { type, actor, payload, records, at: this.clock.now(), changes: {}, appendOnly: true });
  }

  /**
   * Locks the plan row for the rest of the transaction (PostgreSQL; SQLite runs one transaction at a
   * time). Commands that read dialogue or criteria rows and then change the plan take it first, so
   * what they read is what they commit against.
   */
  async lockPlan(manager: EntityManager, planId: string): Promise<ProcurementPlanEntity | null> {
    return this.rows(manager).find(manager, planId, true);
  }

  private planRows?: PlanRows;

  /** The plan row as plain SQL, built once from the entity's metadata (see plan-rows.ts). */
  private rows(manager: EntityManager): PlanRows {
    return (this.planRows ??= new PlanRows(manager.connection));
  }

  /** The events of the plan's workflow as this actor sees them now, each with its unmet requirements. */
  async options(manager: EntityManager, plan: ProcurementPlanEntity, actor: Actor): Promise<TransitionOption[]> {
    const def = this.definitionFor(plan);
    const snapshot = restore(def, plan.snapshot);
    const facts = await this.facts.compute(manager, plan, plan.snapshot.context, actor);
    const now = this.clock.now().toISOString();
    return Object.values(def.events)
      .filter((spec) => !spec.internal)
      .map((spec) => {
        const roleOk = spec.roles.includes(actor.role);
        const verdict = evaluate(def, snapshot, { type: spec.type, payload: {}, actor, at: now, facts });
        const unmet = refusalReasons(plan.stage, spec.type, verdict);
        if (!roleOk) unmet.unshift(roleRefusal(spec, actor.role));
        return { event: spec.type, description: spec.description, roles: spec.roles, allowed: roleOk && verdict.allowed, unmet };
      });
  }

  /**
   * The plan a command changes, read under its row lock (PostgreSQL): what the command judges is
   * what it commits against, and a concurrent command waits here for this one's end, then judges the
   * plan as this one left it (a stage change it no longer takes is a 409; an If-Match gone stale a 412).
   */
  private async loadForCommand(manager: EntityManager, planId: string, options: CommandOptions): Promise<ProcurementPlanEntity> {
    const plan = await this.rows(manager).find(manager, planId, true);
    if (!plan) throw new NotFoundError('plan.notFound', { planId });
    options.authorise?.(plan);
    if (options.expectedVersion !== undefined && options.expectedVersion !== plan.version) {
      throw new PreconditionFailedError('plan.versionMismatch', { version: plan.version, expected: options.expectedVersion });
    }
    return plan;
  }

  private async commit(
    manager: EntityManager,
    plan: ProcurementPlanEntity,
    change: {
      type: string;
      actor: Actor;
      payload: unknown;
      records?: RecordDigest[];
      at: Date;
      changes: Partial<ProcurementPlanEntity>;
      /** A record for the trail only: the plan's own state and version are unchanged. */
      appendOnly?: boolean;
    },
  ): Promise<ProcurementPlanEntity> {
    // The chain's head is read under the row lock, so appends line up; a workflow change must also
    // find the plan (and its trail: facts were computed from it) as it loaded them, or it lost.
    const head = await this.chainHead(manager, plan);
    if (!head || head.version !== plan.version || (!change.appendOnly && head.auditSeq !== plan.auditSeq)) {
      throw new ConflictError('plan.concurrentChange');
    }
    const version = change.appendOnly ? plan.version : plan.version + 1;
    const seq = head.auditSeq + 1;
    const next = Object.assign(new ProcurementPlanEntity(), plan, change.changes, { version });
    const entry = this.audit.build({
      planId: plan.id,
      seq,
      type: change.type,
      actor: change.actor,
      fromStage: plan.stage,
      toStage: next.stage,
      planVersion: version,
      payload: change.payload,
      records: change.records,
      occurredAt: change.at,
      prevHash: head.auditHeadHash,
      stateDigest: this.audit.stateDigest(next),
    });
    const hour = changeHour(change.at);
    const stamp = { version, auditSeq: seq, auditHeadHash: entry.hash, lastEventAt: change.at, updatedAt: change.at, updatedHour: hour };
    const updated: Partial<ProcurementPlanEntity> = extended(change.changes, stamp);
    // What the change sets to the value the row already holds stays out of the UPDATE: SQLite
    // rewrites the entries of every index over a column it sets (a stage kept: five indexes). On
    // PostgreSQL the indexes hold the hour of the last change, not its time: the hour changes at most
    // once an hour and the rest of the stamp is in no index there, so most changes leave every index
    // entry alone and are made in place (migration PlanChangeHour1765699200000).
    const sameHour = hour.getTime() === plan.updatedHour.getTime();
    await this.rows(manager).update(
      manager,
      plan.id,
      extended(changedOnly(change.changes, plan), extended(stamp, { updatedHour: sameHour ? undefined : hour })),
    );
    await this.audit.insert(manager, entry);
    const fromStage = plan.stage;
    const fromStageEnteredAt = plan.stageEnteredAt;
    Object.assign(plan, updated);
    await this.notify(manager, plan, {
      type: change.type,
      actor: change.actor,
      at: change.at,
      fromStage,
      toStage: plan.stage,
      fromStageEnteredAt,
      payload: change.payload,
    });
    return plan;
  }

  private async chainHead(
    manager: EntityManager,
    plan: ProcurementPlanEntity,
  ): Promise<Pick<ProcurementPlanEntity, 'version' | 'auditSeq' | 'auditHeadHash'> | null> {
    // SQLite runs one transaction at a time (decision 0004): the row this one loaded is still the head.
    // On PostgreSQL so is a row this transaction loaded under its lock (commands load it so).
    if (manager.connection.options.type !== 'postgres' || this.rows(manager).isHeld(manager, plan)) return plan;
    const planId = plan.id;
    const query = manager
      .createQueryBuilder(ProcurementPlanEntity, 'p')
      .select(['p.id', 'p.version', 'p.auditSeq', 'p.auditHeadHash'])
      .where('p.id = :id', { id: planId })
      .setLock('pessimistic_write');
    return query.getOne();
  }
}

/** Unmet requirements in the reader's language, with the stage titles and role names of the plan's workflow. */
const inWorkflow =
  (def: WorkflowDefinition): UnmetLocaliser =>
  (unmet, language) =>
    localiseUnmet(def, unmet, language);

/** The changes that differ from the plan as this transaction loaded it (values and times compared as values). */
function changedOnly(changes: Partial<ProcurementPlanEntity>, plan: ProcurementPlanEntity): Partial<ProcurementPlanEntity> {
  const changed: Record<string, unknown> = {};
  for (const [property, value] of Object.entries(changes) as Array<[string, unknown]>) {
    const before = (plan as unknown as Record<string, unknown>)[property];
    if (value === before || (value instanceof Date && before instanceof Date && value.getTime() === before.getTime())) continue;
    changed[property] = value;
  }
  return changed;
}

function refusalReasons(stage: string, eventType: string, verdict: Evaluation): RequirementResult[] {
  if (!verdict.accepted) return [stageRefusal(stage, eventType)];
  return [...verdict.unmet];
}

/**
 * The engine's own reasons, one frozen object per stage and event, and per event and role: every
 * plan answer lists them for each event the plan cannot take, and whoever localises them keeps their
 * texts by the object (issue 16). Stages and events come from the workflows and the stored plans;
 * the bound only guards against a store that holds what no workflow defines.
 */
const STAGE_REFUSALS = new Map<string, Map<string, Readonly<RequirementResult>>>();
const REFUSALS_MAX = 10_000;
let stageRefusals = 0;

function stageRefusal(stage: string, event: string): Readonly<RequirementResult> {
  let byEvent = STAGE_REFUSALS.get(stage);
  let refusal = byEvent?.get(event);
  if (refusal) return refusal;
  refusal = Object.freeze({
    id: 'stage.acceptsEvent',
    message: `The plan is in stage ${stage}, which does not take ${event}.`,
    params: Object.freeze({ stage, event }),
  });
  if (stageRefusals >= REFUSALS_MAX) {
    STAGE_REFUSALS.clear();
    stageRefusals = 0;
    byEvent = undefined;
  }
  if (!byEvent) STAGE_REFUSALS.set(stage, (byEvent = new Map<string, Readonly<RequirementResult>>()));
  byEvent.set(event, refusal);
  stageRefusals += 1;
  return refusal;
}

const ROLE_REFUSALS = new WeakMap<EventSpec, Map<Role, Readonly<RequirementResult>>>();

function roleRefusal(spec: EventSpec, role: Role): Readonly<RequirementResult> {
  let byRole = ROLE_REFUSALS.get(spec);
  if (!byRole) ROLE_REFUSALS.set(spec, (byRole = new Map<Role, Readonly<RequirementResult>>()));
  let refusal = byRole.get(role);
  if (!refusal) {
    refusal = Object.freeze({
      id: 'caller.role',
      message: `Only ${spec.roles.join(', ')} may send ${spec.type}; your role is ${role}.`,
      params: Object.freeze({ roles: spec.roles.join(','), event: spec.type, role }),
    });
    byRole.set(role, refusal);
  }
  return refusal;
}
