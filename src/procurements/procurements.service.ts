import { Injectable } from '@nestjs/common';
import type { Language } from '../i18n/language';
import { DataSource, In, type EntityManager } from 'typeorm';
import type { Actor } from '../../workflows/common/types';
import type { Caller } from '../common/auth/caller';
import { BadRequestError, ForbiddenError, UnprocessableError } from '../common/errors';
import { PersonEntity } from '../mail/mail.entities';
import type { PlanTeamDto } from './dto/plan-team.dto';
import { CursorCodec, type Page, PageQuery, sequence, sortedCursor } from '../common/pagination';
import { AuditLogService, type ChainVerification } from '../engine/audit-log.service';
import { EngineService, type CommandOptions, type IncomingEvent, type PlanDetailsChange, type TeamChange } from '../engine/engine.service';
import type { CreateProcurementDto } from './dto/create-procurement.dto';
import { SORT_FIELDS, type ListProcurementsQuery, type SortField } from './dto/list-procurements.query';
import type { UpdateProcurementDto } from './dto/update-procurement.dto';
import { assertCanSee, assertOnTeam, isOnTeam, listScope } from './plan-access';
import { PlanLoader } from './plan-loader';
import { transitionAnswer } from './plan-answer';
import { stageTags } from '../../workflows/common/inspect';
import { inferContractType, type AuthorityKind } from '../thresholds/thresholds';
import { ThresholdRules, type PlanRegimeView } from '../thresholds/threshold-rules.service';
import { ProcurementPlanEntity } from '../engine/procurement-plan.entity';
import { afterLastChange, orderByLastChange } from '../engine/last-change';
import { auditEventView, planDetail, planSummary, type AuditEventView, type PlanDetailView, type PlanSummaryView } from './procurement.view';

/** Each sort's column; the last change's is ordered and paged through its hour (see last-change.ts). */
const SORT_COLUMNS: Record<SortField, { column: string | null; property: keyof ProcurementPlanEntity }> = {
  createdAt: { column: 'p.created_at', property: 'createdAt' },
  updatedAt: { column: null, property: 'updatedAt' },
  stageEnteredAt: { column: 'p.stage_entered_at', property: 'stageEnteredAt' },
};

const LIST_CURSOR = sortedCursor(SORT_FIELDS);
const HISTORY_CURSOR = new CursorCodec({ seq: sequence });

export interface PlanTeamView {
  planId: string;
  version: number;
  owner: { id: string; name: string };
  members: Array<{ id: string; name: string }>;
  candidates: Array<{ id: string; name: string }>;
}

/** The regime a command's `readAfter` reads for its answer; `value` is set once the command has run. */
interface RegimeInCommand {
  /** Sends the read of the organisation's kind of authority behind the plan's own read (commands on an existing plan). */
  ahead: NonNullable<CommandOptions['readAhead']>;
  read: NonNullable<CommandOptions['readAfter']>;
  value?: PlanRegimeView;
}

const actorOf = (caller: Caller): Actor => ({ id: caller.id, name: caller.name, role: caller.role });

@Injectable()
export class ProcurementsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly engine: EngineService,
    private readonly audit: AuditLogService,
    private readonly plans: PlanLoader,
    private readonly thresholds: ThresholdRules,
  ) {}

  async create(dto: CreateProcurementDto, caller: Caller, language: Language = 'en'): Promise<PlanDetailView> {
    const regime = this.regimeInCommand();
    const plan = await this.engine.create(
      {
        title: dto.title,
        description: dto.description,
        cpvCode: dto.cpvCode,
        budgetAmount: dto.estimatedValue.amount,
        budgetCurrency: dto.estimatedValue.currency,
        rationale: dto.rationale ?? null,
        organisationId: caller.org!,
        workflowId: dto.workflowId,
        workflowVersion: dto.workflowVersion,
        contractType: dto.contractType ?? inferContractType(dto.cpvCode),
      },
      actorOf(caller),
      { readAfter: regime.read },
    );
    return this.detail(plan, caller, language, regime.value);
  }

  async get(id: string, caller: Caller, language: Language = 'en'): Promise<PlanDetailView> {
    return this.detail(await this.plans.visible(this.dataSource.manager, id, caller), caller, language);
  }

  async list(query: ListProcurementsQuery, caller: Caller): Promise<Page<PlanSummaryView>> {
    const organisation = listScope(caller, query.organisation);
    const sort = SORT_COLUMNS[query.sort];
    const direction = query.order === 'asc' ? 'ASC' : 'DESC';
    const qb = this.dataSource.getRepository(ProcurementPlanEntity).createQueryBuilder('p');
    if (organisation !== null) qb.andWhere('p.organisation_id = :organisation', { organisation });
    if (query.stage) qb.andWhere('p.stage = :stage', { stage: query.stage });
    if (query.owner) qb.andWhere('p.owner_id = :owner', { owner: query.owner });
    if (query.workflowId) qb.andWhere('p.workflow_id = :workflowId', { workflowId: query.workflowId });
    if (query.cursor) {
      const cursor = LIST_CURSOR.decode(query.cursor);
      if (cursor.s !== query.sort || cursor.o !== query.order) {
        throw new BadRequestError('pagination.cursorSortMismatch');
      }
      const op = direction === 'ASC' ? '>' : '<';
      if (sort.column === null) afterLastChange(qb, direction, new Date(cursor.at), cursor.id);
      else qb.andWhere(`(${sort.column} ${op} :at OR (${sort.column} = :at AND p.id ${op} :id))`, { at: new Date(cursor.at), id: cursor.id });
    }
    if (sort.column === null) orderByLastChange(qb, direction);
    else qb.orderBy(sort.column, direction).addOrderBy('p.id', direction);
    const rows = await qb.take(query.limit + 1).getMany();
    const items = rows.slice(0, query.limit);
    const last = items.at(-1);
    const nextCursor =
      rows.length > query.limit && last
        ? LIST_CURSOR.encode({ s: query.sort, o: query.order, at: (last[sort.property] as Date).toISOString(), id: last.id })
        : null;
    return { items: items.map(planSummary), nextCursor };
  }

  async send(id: string, event: IncomingEvent, caller: Caller, language: Language, expectedVersion?: number): Promise<PlanDetailView> {
    const regime = this.regimeInCommand();
    const plan = await this.engine.send(id, event, actorOf(caller), {
      expectedVersion,
      authorise: (p) => {
        assertCanSee(p, caller);
        assertOnTeam(p, caller);
      },
      readAhead: regime.ahead,
      readAfter: regime.read,
    });
    return this.detail(plan, caller, language, regime.value);
  }

  async update(id: string, dto: UpdateProcurementDto, caller: Caller, language: Language, expectedVersion?: number): Promise<PlanDetailView> {
    const change: PlanDetailsChange = {};
    if (dto.title !== undefined) change.title = dto.title;
    if (dto.description !== undefined) change.description = dto.description;
    if (dto.cpvCode !== undefined) change.cpvCode = dto.cpvCode;
    if (dto.rationale !== undefined) change.rationale = dto.rationale;
    if (dto.contractType !== undefined) change.contractType = dto.contractType;
    if (dto.estimatedValue !== undefined) {
      change.budgetAmount = dto.estimatedValue.amount;
      change.budgetCurrency = dto.estimatedValue.currency;
    }
    const regime = this.regimeInCommand();
    const plan = await this.engine.updateDetails(id, change, actorOf(caller), {
      expectedVersion,
      authorise: (p) => {
        assertCanSee(p, caller);
        assertOnTeam(p, caller);
      },
      readAhead: regime.ahead,
      readAfter: regime.read,
    });
    return this.detail(plan, caller, language, regime.value);
  }

  async team(id: string, caller: Caller): Promise<PlanTeamView> {
    const plan = await this.plans.visible(this.dataSource.manager, id, caller);
    return this.teamView(this.dataSource.manager, plan);
  }

  /**
   * Managers change the owner and the members; the owner changes the members. Everyone named must be
   * an officer of the plan's organisation whom the service has seen (the people directory).
   */
  async changeTeam(id: string, dto: PlanTeamDto, caller: Caller, expectedVersion?: number): Promise<PlanTeamView> {
    const plan = await this.engine.changeTeam(
      id,
      async (manager, current) => {
        const managing = caller.role === 'manager' || caller.role === 'admin';
        if (!managing && (current.ownerId !== caller.id || dto.ownerId !== current.ownerId)) throw new ForbiddenError('plan.teamChangeRefused');
        const ids = [...new Set([dto.ownerId, ...dto.memberIds])];
        const people = await manager.find(PersonEntity, { where: { id: In(ids), organisationId: current.organisationId, role: 'officer' } });
        const known = new Map(people.map((p) => [p.id, p.name]));
        // Those already on the team stay valid under their recorded names, even if not seen since.
        for (const m of [{ id: current.ownerId, name: current.ownerName }, ...current.teamMembers]) if (!known.has(m.id)) known.set(m.id, m.name);
        const unknown = ids.find((personId) => !known.has(personId));
        if (unknown !== undefined) throw new UnprocessableError('plan.teamMemberUnknown', { id: unknown, org: current.organisationId });
        const team: TeamChange = {
          owner: { id: dto.ownerId, name: known.get(dto.ownerId)! },
          members: dto.memberIds.filter((m) => m !== dto.ownerId).map((m) => ({ id: m, name: known.get(m)! })),
        };
        return team;
      },
      actorOf(caller),
      { expectedVersion, authorise: (p) => assertCanSee(p, caller) },
    );
    return this.teamView(this.dataSource.manager, plan);
  }

  private async teamView(manager: EntityManager, plan: ProcurementPlanEntity): Promise<PlanTeamView> {
    const officers = await manager.find(PersonEntity, { where: { organisationId: plan.organisationId, role: 'officer' }, order: { name: 'ASC' }, take: 500 });
    return {
      planId: plan.id,
      version: plan.version,
      owner: { id: plan.ownerId, name: plan.ownerName },
      members: plan.teamMembers.map((m) => ({ id: m.id, name: m.name })),
      candidates: officers.filter((o) => !isOnTeam(plan, o.id)).map((o) => ({ id: o.id, name: o.name })),
    };
  }

  async history(id: string, query: PageQuery, caller: Caller): Promise<Page<AuditEventView>> {
    await this.plans.visible(this.dataSource.manager, id, caller);
    const after = query.cursor ? HISTORY_CURSOR.decode(query.cursor).seq : 0;
    const rows = await this.audit.page(id, after, query.limit + 1);
    const items = rows.slice(0, query.limit);
    const last = items.at(-1);
    return {
      items: items.map((row) => auditEventView(row, caller)),
      nextCursor: rows.length > query.limit && last ? HISTORY_CURSOR.encode({ seq: last.seq }) : null,
    };
  }

  async verify(id: string, caller: Caller): Promise<ChainVerification> {
    const plan = await this.plans.visible(this.dataSource.manager, id, caller);
    return this.audit.verify(plan);
  }

  /**
   * The plan's regime, read in a command's own transaction for the command's answer. On an existing
   * plan the organisation's kind of authority is read right behind the plan itself (`readAhead`),
   * so on PostgreSQL it costs no round trip of its own and COMMIT can leave with the writes; a new
   * plan's is read after its INSERTs (`readAfter` alone) and comes back with their answers.
   */
  private regimeInCommand(): RegimeInCommand {
    let authorityKind: AuthorityKind | undefined;
    const held: RegimeInCommand = {
      ahead: async (manager, planId) => {
        authorityKind = await this.thresholds.authorityKindOfPlan(manager, planId);
      },
      read: async (manager, plan) => {
        held.value = authorityKind !== undefined ? this.thresholds.regimeWith(plan, authorityKind) : await this.thresholds.regime(manager, plan);
      },
    };
    return held;
  }

  /** The plan with every event it may take next; descriptions and unmet requirements in the reader's language. */
  private async detail(plan: ProcurementPlanEntity, caller: Caller, language: Language, regime?: PlanRegimeView): Promise<PlanDetailView> {
    const def = this.engine.definitionFor(plan);
    const options = await this.engine.options(this.dataSource.manager, plan, actorOf(caller));
    return planDetail(
      plan,
      regime ?? (await this.thresholds.regime(this.dataSource.manager, plan)),
      stageTags(def, plan.stage),
      options.map((option) => transitionAnswer(def, option, language)),
    );
  }
}
