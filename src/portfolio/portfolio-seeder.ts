import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { UnitOfWork } from '../database/unit-of-work';
import { transition, type AnyMachineSnapshot } from 'xstate';
import { SUSTAINABILITY_GOAL_CODES, type Procedure } from '../../workflows/common/codes';
import { persist, stageOf, start } from '../../workflows/common/inspect';
import type { Actor, EngineEvent, PlanFacts, WorkflowDefinition } from '../../workflows/common/types';
import { WorkflowRegistry } from '../../workflows/registry';
import { Clock } from '../common/clock';
import { CriterionEntity, PlanStrategicGoalEntity, StrategicGoalEntity, type CriterionKind } from '../criteria/criteria.entities';
import { CRITERION_TEMPLATES } from '../criteria/criterion-templates';
import { bulkInsert } from '../database/bulk-insert';
import { DialogueRoundEntity, SupplierRegistrationEntity } from '../dialogue/dialogue.entities';
import { AuditEventEntity } from '../engine/audit-event.entity';
import { AuditLogService, GENESIS_HASH, type RecordDigest } from '../engine/audit-log.service';
import { SYSTEM_ACTOR } from '../engine/engine.service';
import { OrganisationTrailService } from '../engine/organisation-trail.service';
import { TimerService } from '../engine/timer.service';
import { inferContractType } from '../thresholds/thresholds';
import { changeHour, ProcurementPlanEntity } from '../engine/procurement-plan.entity';
import { PlanGoalCodeEntity } from './portfolio.entities';
import { DAY_MS, PortfolioProjection, stayDays } from './portfolio.projection';
import { extended } from '../common/extended';
import { uuidV7 } from '../common/uuid-v7';

export interface SeedOptions {
  plans: number;
  organisations: number;
  /** Same seed, same portfolio. */
  seed: number;
  batchSize?: number;
}

export interface SeedResult {
  plans: number;
  auditEvents: number;
  organisations: string[];
  officers: Actor[];
  managers: Actor[];
}

export const SEEDED_ORGANISATIONS = [
  'city-of-espoo',
  'city-of-tampere',
  'city-of-turku',
  'city-of-oulu',
  'city-of-vantaa',
  'hansel-central-purchasing',
  'city-of-jyvaskyla',
  'city-of-lahti',
];
const FIRST = ['Aino', 'Eero', 'Helmi', 'Ilkka', 'Kaisa', 'Lauri', 'Minna', 'Niko', 'Oona', 'Pekka', 'Riikka', 'Sami', 'Tuula', 'Ville'];
const LAST = ['Virtanen', 'Korhonen', 'Mäkinen', 'Nieminen', 'Hämäläinen', 'Laine', 'Heikkinen', 'Koskinen', 'Järvinen', 'Lehtonen'];
/** The i-th officer or manager (from 1) of a seeded organisation; the console's development sign-in offers the same people. */
export function seededPerson(role: 'officer' | 'manager', org: string, i: number): Actor {
  return { id: `${role}-${org}-${i}`, name: `${FIRST[(i * 7 + org.length) % FIRST.length]} ${LAST[(i * 3 + org.length) % LAST.length]}`, role };
}

const SUBJECTS: Array<{ title: string; cpv: string; category: string }> = [
  { title: 'Refurbished laptops for schools', cpv: '30213100-6', category: 'ictEquipmentAndDataCentres' },
  { title: 'Cloud hosting for the case management system', cpv: '72317000-0', category: 'ictEquipmentAndDataCentres' },
  { title: 'Electric vans for home care', cpv: '34144900-7', category: 'vehiclesAndTransport' },
  { title: 'School transport services', cpv: '60130000-8', category: 'vehiclesAndTransport' },
  { title: 'School and day-care catering', cpv: '55524000-9', category: 'foodAndCatering' },
  { title: 'Renovation of the central library', cpv: '45453000-7', category: 'constructionAndRenovation' },
  { title: 'Cleaning of public buildings', cpv: '90910000-9', category: 'cleaning' },
  { title: 'Office furniture for the new town hall', cpv: '39130000-2', category: 'furniture' },
  { title: 'Renewable electricity supply', cpv: '09310000-5', category: 'energy' },
];
const STRATEGIC_GOALS = [
  { title: 'Carbon neutral by 2030', codes: ['environmental.climateChangeMitigation', 'environmental.carbonEmissionsReduction'] },
  { title: 'Circular economy roadmap', codes: ['environmental.circularEconomy', 'environmental.wasteReduction'] },
  { title: 'Vital local economy through SME participation', codes: ['social.smeInclusion'] },
  { title: 'Biodiversity programme', codes: ['environmental.biodiversityProtectionRestoration'] },
  { title: 'Digital services for all residents', codes: ['social.accessibility', 'economic.innovativePurchase'] },
];
/** Suppliers who register in the seeded dialogues (fictional companies). */
const SEED_SUPPLIERS = [
  { businessId: '0000001-9', name: 'Kierto Laitteet Oy', contact: 'Aino Laine', domain: 'kierto.example', sme: true, language: 'fi' },
  { businessId: '0000002-7', name: 'Norrsken Teknik Ab', contact: 'Erik Holm', domain: 'norrsken.example', sme: true, language: 'sv' },
  { businessId: '0000003-5', name: 'Borealis Services Ltd', contact: 'Sam Green', domain: 'borealis.example', sme: false, language: 'en' },
  { businessId: '0000004-3', name: 'Puhdas Arki Oy', contact: 'Mikko Salo', domain: 'puhdasarki.example', sme: true, language: 'fi' },
] as const;

const PROCEDURES: Procedure[] = ['open', 'restricted', 'competitiveDialogue', 'competitiveProcedureWithNegotiation'];

/** Deterministic pseudo-random numbers (mulberry32), so a seed always gives the same portfolio. */
function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]) => items[Math.floor(next() * items.length)],
    chance: (p: number) => next() < p,
    /** `count` different items, in a random order. */
    sample: <T>(items: readonly T[], count: number) => {
      const pool = [...items];
      return Array.from({ length: Math.min(count, pool.length) }, () => pool.splice(Math.floor(next() * pool.length), 1)[0]);
    },
  };
}

type Rng = ReturnType<typeof random>;

interface Step {
  type: string;
  payload: Record<string, unknown>;
  actor: Actor;
  /** Days after the previous step. */
  gap: number;
}

interface Batch {
  plans: ProcurementPlanEntity[];
  audit: AuditEventEntity[];
  rounds: DialogueRoundEntity[];
  registrations: SupplierRegistrationEntity[];
  criteria: CriterionEntity[];
  goalCodes: PlanGoalCodeEntity[];
  planGoals: PlanStrategicGoalEntity[];
  timers: Array<{ planId: string; actions: Array<{ type: string; params?: unknown }>; at: Date }>;
  stays: Map<string, number>;
}

/** Facts under which every requirement holds: the seeder only writes stages a plan may reach. */
function satisfied(caller: Actor, requestedBy: string | null, procedure: string | null): PlanFacts {
  return {
    plan: { hasTitle: true, hasDescription: true, hasCpvCode: true, hasBudget: true },
    needs: { described: true, usersConsulted: 2, strategicGoals: 1, rationaleGiven: true },
    market: { analysisRecorded: true, noSolutionOnMarket: false },
    notice: { published: true, waived: false, registrationClosed: true },
    // The walk registers suppliers before its round closes (see SCHEDULE_DIALOGUE_ROUND below): no empty dialogue.
    dialogue: {
      summaryPublished: true,
      openRounds: 0,
      unansweredQuestions: 0,
      suppliersWithoutMeetingOffer: 0,
      registrations: 1,
      roundsHeldWithSuppliers: 1,
      noSupplierOutcome: false,
    },
    coDevelopment: { activities: 1 },
    criteria: { awardCriteria: 2, awardWeightTotal: 100, awardWithoutSubjectLink: 0, lifeCycleCostUsed: false, lifeCycleCostMethodStated: false },
    strategy: { goalsWithStrategy: 1, justificationGiven: false },
    procedure: { selected: procedure, rationaleGiven: procedure !== null },
    approval: { requestedBy },
    // The seeder's plans are above the national threshold and select the directive's procedures.
    regime: { applies: 'national', procedureAllowed: true },
    caller: { id: caller.id, role: caller.role },
  };
}

/**
 * Fills a database with a realistic portfolio for trying the manager views and for benchmarks:
 * organisations with officers, managers and strategic goals; plans in every stage, each walked
 * through its workflow's machine with a hash-chained audit trail, dialogue rounds (with durable
 * timers where still open), criteria, and the portfolio projections. Written in large batches,
 * not through the HTTP path, so 100,000 plans take minutes rather than hours.
 */
@Injectable()
export class PortfolioSeeder {
  private readonly logger = new Logger(PortfolioSeeder.name);

  constructor(
    // Through the unit of work, so the seeder's batches queue with the background workers' transactions on SQLite's one connection.
    private readonly unitOfWork: UnitOfWork,
    private readonly registry: WorkflowRegistry,
    private readonly audit: AuditLogService,
    private readonly timers: TimerService,
    private readonly projection: PortfolioProjection,
    private readonly clock: Clock,
    private readonly organisationTrail: OrganisationTrailService,
  ) {}

  async seed(options: SeedOptions): Promise<SeedResult> {
    const rng = random(options.seed);
    const organisations = SEEDED_ORGANISATIONS.slice(0, Math.max(1, Math.min(options.organisations, SEEDED_ORGANISATIONS.length)));
    const person = seededPerson;
    const officers = organisations.flatMap((org) => Array.from({ length: 5 }, (_, i) => ({ org, actor: person('officer', org, i + 1) })));
    const managers = organisations.flatMap((org) => Array.from({ length: 2 }, (_, i) => ({ org, actor: person('manager', org, i + 1) })));
    const goals = await this.seedStrategicGoals(organisations, managers);

    const batchSize = options.batchSize ?? 1000;
    let auditEvents = 0;
    for (let done = 0; done < options.plans; done += batchSize) {
      const batch: Batch = { plans: [], audit: [], rounds: [], registrations: [], criteria: [], goalCodes: [], planGoals: [], timers: [], stays: new Map() };
      for (let i = done; i < Math.min(options.plans, done + batchSize); i++) {
        const { org, actor } = officers[i % officers.length];
        const manager = rng.pick(managers.filter((m) => m.org === org)).actor;
        this.planFor(rng, batch, org, actor, manager, goals.get(org) ?? []);
      }
      auditEvents += batch.audit.length;
      await this.unitOfWork.run((manager) => this.write(manager, batch));
      if ((done / batchSize) % 40 === 0) this.logger.log(`seeded ${Math.min(options.plans, done + batchSize)} of ${options.plans} plans`);
    }
    return { plans: options.plans, auditEvents, organisations, officers: officers.map((o) => o.actor), managers: managers.map((m) => m.actor) };
  }

  private async seedStrategicGoals(organisations: string[], managers: Array<{ org: string; actor: Actor }>) {
    const byOrg = new Map<string, StrategicGoalEntity[]>();
    const now = this.clock.now();
    await this.unitOfWork.run(async (manager) => {
      for (const org of organisations) {
        const goals = STRATEGIC_GOALS.map((g) =>
          Object.assign(new StrategicGoalEntity(), {
            id: randomUUID(),
            organisationId: org,
            title: g.title,
            description: `${g.title}: strategy of ${org}.`,
            goalCodes: g.codes,
            targetYear: 2030,
            createdAt: now,
            createdBy: managers.find((m) => m.org === org)!.actor.id,
          }),
        );
        await manager.insert(StrategicGoalEntity, goals);
        const creator = managers.find((m) => m.org === org)!.actor;
        // As StrategyService records them: each goal an event of the organisation's own chain.
        for (const goal of goals) {
          await this.organisationTrail.append(
            manager,
            org,
            'STRATEGIC_GOAL_CREATED',
            creator,
            { id: goal.id, title: goal.title, goalCodes: goal.goalCodes, targetYear: goal.targetYear },
            await this.audit.digestsOf(manager, 'strategicGoal', [goal]),
          );
        }
        byOrg.set(org, goals);
      }
    });
    return byOrg;
  }

  /** The events a plan goes through to reach a randomly chosen end, with realistic gaps. */
  private steps(rng: Rng, def: WorkflowDefinition, officer: Actor, manager: Actor, subject: (typeof SUBJECTS)[number]): Step[] {
    const o = (type: string, payload: Record<string, unknown> = {}, gap = rng.int(1, 20)): Step => ({ type, payload, actor: officer, gap });
    const steps: Step[] = [
      o('START_NEEDS_ASSESSMENT', {}, rng.int(0, 10)),
      o('RECORD_NEEDS', {
        need: `${subject.title}: the current solution is at the end of its life.`,
        usersConsulted: ['end users', 'maintenance staff'],
        strategicGoals: ['Carbon neutral by 2030'],
        rationale: 'Replacing it now avoids breakdowns and cuts emissions.',
      }),
      o('COMPLETE_NEEDS_ASSESSMENT'),
      o('RECORD_MARKET_ANALYSIS', {
        knownSuppliers: rng.int(2, 25),
        solutions: ['new', 'refurbished', 'as a service'],
        maturity: rng.pick(['emerging', 'developing', 'mature']),
      }),
    ];
    const dialogue = def.events.START_MARKET_DIALOGUE !== undefined;
    if (dialogue) {
      steps.push(
        o('PUBLISH_ENGAGEMENT_NOTICE', {
          title: `Market dialogue: ${subject.title}`,
          description: 'We invite suppliers to an RFI.',
          process: 'RFI and one-to-one meetings.',
        }),
        o('START_MARKET_DIALOGUE'),
        o('SCHEDULE_DIALOGUE_ROUND', { roundType: 'rfi' }, rng.int(1, 5)),
        o('PUBLISH_DIALOGUE_SUMMARY', { summary: 'Several suppliers can deliver.', inputUse: 'Requirements were adjusted to the market.' }, 0),
      );
      if (rng.chance(0.4)) {
        steps.push(
          o('START_CO_DEVELOPMENT'),
          o('RECORD_CO_DEVELOPMENT_ACTIVITY', { kind: 'workshop', title: 'Co-design workshop', date: '2026-01-15', outcomes: 'Requirements refined.' }),
          o('COMPLETE_CO_DEVELOPMENT'),
        );
      } else {
        steps.push(o('SKIP_CO_DEVELOPMENT', { reason: 'Mature market; no pilot needed.' }));
      }
    } else {
      steps.push(o('COMPLETE_MARKET_ANALYSIS'));
    }
    const goalCodes = [
      ...new Set([
        rng.pick(SUSTAINABILITY_GOAL_CODES.filter((c) => c.startsWith('environmental.'))),
        rng.pick(SUSTAINABILITY_GOAL_CODES.filter((c) => c.includes('.'))),
      ]),
    ];
    steps.push(
      o('RECORD_SUSTAINABILITY_STRATEGY', { goals: goalCodes.map((code) => ({ code, strategy: `Criteria pursuing ${code}.` })) }),
      o('CRITERIA_REPLACED', {}, rng.int(1, 10)),
      o('COMPLETE_CRITERIA'),
      o('SELECT_PROCEDURE', { procedure: dialogue ? rng.pick(PROCEDURES) : 'belowThresholdDirect', rationale: 'Fits the market and the value.' }),
      o('REQUEST_APPROVAL'),
      { type: 'APPROVE', payload: { comment: 'Approved.' }, actor: manager, gap: rng.int(1, 15) },
      o('LINK_TENDER', { tenderId: `TED-${rng.int(100000, 999999)}` }),
    );
    // Where the plan stops: spread over every stage, some cancelled or unsuccessful on the way.
    const stop = rng.int(0, steps.length);
    const walked = steps.slice(0, stop);
    const last = walked.at(-1)?.type;
    if (stop < steps.length && rng.chance(0.08)) walked.push(o('CANCEL', { reason: 'Need disappeared after reorganisation.' }));
    else if (last === 'APPROVE' && rng.chance(0.3)) walked.push(o('MARK_UNSUCCESSFUL', { reason: 'No suitable tenders.' }));
    return walked;
  }

  private planFor(rng: Rng, batch: Batch, org: string, officer: Actor, manager: Actor, goals: StrategicGoalEntity[]): void {
    const def = rng.chance(0.8) ? this.registry.latest('digigreen-planning')! : this.registry.latest('small-procurement')!;
    const subject = rng.pick(SUBJECTS);
    const steps = this.steps(rng, def, officer, manager, subject);
    const now = this.clock.now();
    const createdAt = new Date(now.getTime() - rng.int(20, 730) * DAY_MS - rng.int(0, DAY_MS));
    // Time-ordered by the plan's creation, as the engine makes them (EngineService.create).
    const id = uuidV7(createdAt.getTime());
    const ocid = `ocds-pl4n3r-${id}`;
    // Squeeze the timeline into the time between creation and now.
    const total = steps.reduce((n, s) => n + s.gap, 0) + 25;
    const scale = Math.min(1, (now.getTime() - createdAt.getTime()) / DAY_MS / total);

    const plan = Object.assign(new ProcurementPlanEntity(), {
      id,
      ocid,
      title: `${subject.title} ${createdAt.getUTCFullYear()}`,
      description: `${subject.title} for ${org}.`,
      cpvCode: subject.cpv,
      // Small procurements stay below the national threshold (60,000 € for supplies and services), as the law's rules require.
      budgetAmount: def.id === 'small-procurement' ? rng.int(10, 59) * 1000 : rng.int(150, 5000) * 1000,
      budgetCurrency: 'EUR',
      rationale: null,
      organisationId: org,
      contractType: inferContractType(subject.cpv),
      teamMembers: [],
      ownerId: officer.id,
      ownerName: officer.name,
      workflowId: def.id,
      workflowVersion: def.version,
      environmentalAwardCriteria: 0,
      openToSuppliersAt: null,
      createdAt,
      nextDeadlineAt: null,
    });
    let snapshot: AnyMachineSnapshot = start(def);
    let stageEnteredAt = createdAt;
    let at = createdAt;
    let version = 1;
    let seq = 1;
    const stateAfter = (stage: string) =>
      this.audit.stateDigest(Object.assign(new ProcurementPlanEntity(), plan, { stage, snapshot: persist(snapshot), version }));
    const chain: AuditEventEntity[] = [
      this.audit.build({
        planId: id,
        seq: 1,
        type: 'PLAN_CREATED',
        actor: officer,
        fromStage: null,
        toStage: stageOf(snapshot),
        planVersion: 1,
        payload: { title: plan.title, cpvCode: plan.cpvCode, workflowId: def.id, workflowVersion: def.version },
        occurredAt: createdAt,
        prevHash: GENESIS_HASH,
        stateDigest: stateAfter(stageOf(snapshot)),
      }),
    ];
    /** As the engine records: a workflow event moves the version, a record for the trail only does not. */
    const record = (type: string, actor: Actor, payload: unknown, fromStage: string, toStage: string, records: RecordDigest[] = [], appendOnly = false) => {
      if (!appendOnly) version += 1;
      seq += 1;
      chain.push(
        this.audit.build({
          planId: id,
          seq,
          type,
          actor,
          fromStage,
          toStage,
          planVersion: version,
          payload,
          records,
          occurredAt: at,
          prevHash: chain.at(-1)!.hash,
          stateDigest: stateAfter(toStage),
        }),
      );
    };
    const timerActions: Batch['timers'] = [];
    const fired = new Set<string>();
    const send = (type: string, payload: Record<string, unknown>, actor: Actor, records: RecordDigest[] = []): boolean => {
      const context = snapshot.context as ProcurementPlanEntity['snapshot']['context'];
      const requestedBy = context.approval?.decision === null ? context.approval.requestedBy : null;
      const event = { type, payload, actor, at: at.toISOString(), facts: satisfied(actor, requestedBy, context.procedure?.procedure ?? null) } as EngineEvent;
      if (!snapshot.can(event)) return false;
      const fromStage = stageOf(snapshot);
      const [next, actions] = transition(def.machine, snapshot, event);
      snapshot = next;
      const toStage = stageOf(snapshot);
      if (toStage !== fromStage) {
        const key = `${org}\u0000${fromStage}\u0000${stayDays(stageEnteredAt, at)}`;
        batch.stays.set(key, (batch.stays.get(key) ?? 0) + 1);
        stageEnteredAt = at;
      }
      const scheduling = (actions as Array<{ type: string; params?: unknown }>).filter((a) => a.type === 'xstate.raise' || a.type === 'xstate.cancel');
      if (scheduling.length > 0) timerActions.push({ planId: id, actions: scheduling, at });
      if (type === 'DIALOGUE_ROUND_DEADLINE') fired.add(`round:${String(payload.roundId)}:${String(payload.deadline)}`);
      record(type, actor, payload, fromStage, toStage, records);
      return true;
    };

    // Some plans declare, while still a draft, which of the organisation's strategic goals they serve.
    const declared = goals
      .filter(() => rng.chance(0.35))
      .map((goal) => Object.assign(new PlanStrategicGoalEntity(), { planId: id, goalId: goal.id, declaredAt: createdAt, declaredBy: officer.id }));
    if (declared.length > 0) {
      batch.planGoals.push(...declared);
      const draft = stageOf(snapshot);
      record(
        'STRATEGIC_GOALS_DECLARED',
        officer,
        { strategicGoalIds: declared.map((d) => d.goalId) },
        draft,
        draft,
        this.audit.digestsOfUnsaved('planGoal', declared),
        true,
      );
    }

    for (const step of steps) {
      at = new Date(Math.min(now.getTime(), at.getTime() + step.gap * scale * DAY_MS + rng.int(0, 8 * 3600 * 1000)));
      if (step.type === 'CRITERIA_REPLACED') {
        const criteria = this.criteriaFor(rng, id, subject.category, officer, at);
        batch.criteria.push(...criteria);
        plan.environmentalAwardCriteria = criteria.filter((c) => c.kind === 'awardCriteria' && c.goalCode?.startsWith('environmental')).length;
        const stage = stageOf(snapshot);
        record(
          'CRITERIA_REPLACED',
          officer,
          { criteria: criteria.map((c) => ({ id: c.id, kind: c.kind, title: c.title, weight: c.weight })) },
          stage,
          stage,
          this.audit.digestsOfUnsaved('criterion', criteria),
          true,
        );
        continue;
      }
      if (step.type === 'SCHEDULE_DIALOGUE_ROUND') {
        const round = this.roundFor(id, at, officer);
        batch.rounds.push(round);
        send(
          'SCHEDULE_DIALOGUE_ROUND',
          {
            roundId: round.id,
            type: round.type,
            opensAt: round.opensAt.toISOString(),
            questionsUntil: round.questionsUntil.toISOString(),
            clarificationsUntil: round.clarificationsUntil.toISOString(),
            closesAt: round.closesAt.toISOString(),
          },
          officer,
          this.audit.digestsOfUnsaved('round', [round]),
        );
        // Suppliers register while the round is open, so the dialogue is held with them (no empty dialogues).
        for (const supplier of rng.sample(SEED_SUPPLIERS, rng.int(1, 3))) {
          const registration = this.registrationFor(id, supplier, at);
          batch.registrations.push(registration);
          const stage = stageOf(snapshot);
          record(
            'SUPPLIER_REGISTERED',
            { id: registration.registeredBy, name: supplier.name, role: 'supplier' },
            { registrationId: registration.id, businessId: registration.businessId, supplierName: registration.name, sme: registration.sme },
            stage,
            stage,
            this.audit.digestsOfUnsaved('registration', [registration]),
            true,
          );
        }
        // The round's deadlines fire as the system would have fired them; a round still open keeps its timers.
        let open = false;
        for (const [deadline, due] of [
          ['clarifications', round.clarificationsUntil],
          ['close', round.closesAt],
        ] as const) {
          if (due > now) {
            open = true;
            break;
          }
          at = due;
          send('DIALOGUE_ROUND_DEADLINE', { roundId: round.id, deadline, dueAt: due.toISOString() }, SYSTEM_ACTOR);
        }
        if (open) break;
        continue;
      }
      if (!send(step.type, step.payload, step.actor)) break;
    }

    // Deadlines that fired during the walk leave no timer behind; only still-pending ones become rows.
    for (const entry of timerActions) {
      const actions = entry.actions.filter((a) => a.type !== 'xstate.raise' || !fired.has(String((a.params as { id?: string }).id)));
      if (actions.length > 0) batch.timers.push(extended(entry, { actions }));
    }
    const context = snapshot.context as ProcurementPlanEntity['snapshot']['context'];
    const stage = stageOf(snapshot);
    const closed = this.projection.closedStages.has(stage);
    const opened = context.engagementNotice?.publishedAt ?? context.dialogue.startedAt;
    Object.assign(plan, {
      stage,
      openToSuppliersAt: opened ? new Date(opened) : null,
      snapshot: persist(snapshot),
      version,
      auditSeq: seq,
      auditHeadHash: chain.at(-1)!.hash,
      stageEnteredAt,
      lastEventAt: at,
      updatedAt: at,
      updatedHour: changeHour(at),
    });
    batch.plans.push(plan);
    batch.audit.push(...chain);
    for (const code of new Set(context.strategy?.goals.map((g) => g.code) ?? [])) {
      batch.goalCodes.push(Object.assign(new PlanGoalCodeEntity(), { planId: id, goalCode: code, organisationId: org, active: !closed }));
    }
  }

  private registrationFor(planId: string, supplier: (typeof SEED_SUPPLIERS)[number], at: Date): SupplierRegistrationEntity {
    return Object.assign(new SupplierRegistrationEntity(), {
      id: randomUUID(),
      planId,
      businessId: supplier.businessId,
      name: supplier.name,
      contactName: supplier.contact,
      contactEmail: `${supplier.contact.toLowerCase().replace(/[^a-z]+/g, '.')}@${supplier.domain}`,
      contactPhone: null,
      sme: supplier.sme,
      language: supplier.language,
      reminders: true,
      // A pseudonym nobody can link to the business id: seeded suppliers ask no questions.
      authorHash: `anon-${randomUUID().replace(/-/g, '').slice(0, 16)}`,
      registeredAt: at,
      registeredBy: `supplier-${supplier.businessId}`,
    });
  }

  private roundFor(planId: string, at: Date, officer: Actor): DialogueRoundEntity {
    const day = (n: number) => new Date(at.getTime() + n * DAY_MS);
    return Object.assign(new DialogueRoundEntity(), {
      id: randomUUID(),
      planId,
      type: 'rfi',
      title: 'Request for information',
      description: 'What can the market deliver?',
      opensAt: at,
      questionsUntil: day(10),
      clarificationsUntil: day(14),
      closesAt: day(21),
      questionnaire: [{ id: 'solution', text: 'Describe your solution.', type: 'text', mandatory: true }],
      draftItems: [],
      createdAt: at,
      createdBy: officer.id,
    });
  }

  private criteriaFor(rng: Rng, planId: string, category: string, officer: Actor, at: Date): CriterionEntity[] {
    const templates = CRITERION_TEMPLATES.filter((t) => t.category === category);
    const awardTemplate = templates.find((t) => t.kind === 'awardCriteria');
    const spec = templates.find((t) => t.kind !== 'awardCriteria');
    const environmental = awardTemplate !== undefined && rng.chance(0.6);
    const qualityWeight = rng.int(2, 4) * 10;
    const row = (position: number, kind: CriterionKind, fields: Partial<CriterionEntity>) =>
      Object.assign(new CriterionEntity(), {
        id: randomUUID(),
        planId,
        kind,
        goalCode: null,
        weight: null,
        subjectLink: null,
        source: 'own',
        sourceReference: null,
        templateId: null,
        position,
        createdAt: at,
        updatedAt: at,
        updatedBy: officer.id,
        ...fields,
      });
    const criteria = [
      row(1, 'awardCriteria', {
        title: 'Price',
        text: 'Lowest price gets full points.',
        verification: 'Price form.',
        weight: 100 - qualityWeight,
        subjectLink: 'Price of what is purchased.',
      }),
      environmental
        ? row(2, 'awardCriteria', {
            title: awardTemplate.title,
            text: awardTemplate.text,
            goalCode: awardTemplate.goalCode,
            verification: awardTemplate.verification,
            weight: qualityWeight,
            subjectLink: awardTemplate.subjectLink ?? 'Characteristic of what is purchased.',
            source: awardTemplate.source,
            sourceReference: awardTemplate.sourceReference,
            templateId: awardTemplate.id,
          })
        : row(2, 'awardCriteria', {
            title: 'Service quality plan',
            text: 'Points for the quality plan.',
            goalCode: 'social.smeInclusion',
            verification: 'Quality plan.',
            weight: qualityWeight,
            subjectLink: 'How the service purchased is delivered.',
          }),
    ];
    if (spec) {
      criteria.push(
        row(3, spec.kind, {
          title: spec.title,
          text: spec.text,
          goalCode: spec.goalCode,
          verification: spec.verification,
          source: spec.source,
          sourceReference: spec.sourceReference,
          templateId: spec.id,
        }),
      );
    }
    return criteria;
  }

  private async write(manager: EntityManager, batch: Batch): Promise<void> {
    await bulkInsert(manager, ProcurementPlanEntity, batch.plans);
    await bulkInsert(manager, AuditEventEntity, batch.audit);
    await bulkInsert(manager, DialogueRoundEntity, batch.rounds);
    await bulkInsert(manager, SupplierRegistrationEntity, batch.registrations);
    await bulkInsert(manager, CriterionEntity, batch.criteria);
    await bulkInsert(manager, PlanGoalCodeEntity, batch.goalCodes);
    await bulkInsert(manager, PlanStrategicGoalEntity, batch.planGoals);
    for (const t of batch.timers) await this.timers.apply(manager, t.planId, t.actions, t.at, 'seed');
    for (const plan of batch.plans) {
      if (batch.timers.some((t) => t.planId === plan.id)) {
        const next = await this.timers.nextDeadline(manager, plan.id);
        if (next) await manager.update(ProcurementPlanEntity, { id: plan.id }, { nextDeadlineAt: next });
      }
    }
    for (const [key, stays] of batch.stays) {
      const [org, stage, days] = key.split('\u0000');
      await this.projection.countStay(manager, org, stage, Number(days), stays);
    }
  }
}
