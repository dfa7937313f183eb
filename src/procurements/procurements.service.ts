import { Injectable } from '@nestjs/common';
import type { Language } from '../i18n/language';
import { eventDescription, localiseUnmet } from '../i18n/workflow-texts';
import { DataSource } from 'typeorm';
import type { Actor } from '../../workflows/common/types';
import type { Caller } from '../common/auth/caller';
import { BadRequestError } from '../common/errors';
import { CursorCodec, type Page, PageQuery, sequence, sortedCursor } from '../common/pagination';
import { AuditLogService, type ChainVerification } from '../engine/audit-log.service';
import { EngineService, type IncomingEvent, type PlanDetailsChange } from '../engine/engine.service';
import type { CreateProcurementDto } from './dto/create-procurement.dto';
import { SORT_FIELDS, type ListProcurementsQuery, type SortField } from './dto/list-procurements.query';
import type { UpdateProcurementDto } from './dto/update-procurement.dto';
import { assertCanSee, listScope } from './plan-access';
import { PlanLoader } from './plan-loader';
import { ProcurementPlanEntity } from './procurement-plan.entity';
import { auditEventView, planDetail, planSummary, type AuditEventView, type PlanDetailView, type PlanSummaryView } from './procurement.view';

const SORT_COLUMNS: Record<SortField, { column: string; property: keyof ProcurementPlanEntity }> = {
  createdAt: { column: 'p.created_at', property: 'createdAt' },
  updatedAt: { column: 'p.updated_at', property: 'updatedAt' },
  stageEnteredAt: { column: 'p.stage_entered_at', property: 'stageEnteredAt' },
};

const LIST_CURSOR = sortedCursor(SORT_FIELDS);
const HISTORY_CURSOR = new CursorCodec({ seq: sequence });

const actorOf = (caller: Caller): Actor => ({ id: caller.id, name: caller.name, role: caller.role });

@Injectable()
export class ProcurementsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly engine: EngineService,
    private readonly audit: AuditLogService,
    private readonly plans: PlanLoader,
  ) {}

  async create(dto: CreateProcurementDto, caller: Caller, language: Language = 'en'): Promise<PlanDetailView> {
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
      },
      actorOf(caller),
    );
    return this.detail(plan, caller, language);
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
      qb.andWhere(`(${sort.column} ${op} :at OR (${sort.column} = :at AND p.id ${op} :id))`, {
        at: new Date(cursor.at),
        id: cursor.id,
      });
    }
    const rows = await qb
      .orderBy(sort.column, direction)
      .addOrderBy('p.id', direction)
      .take(query.limit + 1)
      .getMany();
    const items = rows.slice(0, query.limit);
    const last = items.at(-1);
    const nextCursor =
      rows.length > query.limit && last
        ? LIST_CURSOR.encode({ s: query.sort, o: query.order, at: (last[sort.property] as Date).toISOString(), id: last.id })
        : null;
    return { items: items.map(planSummary), nextCursor };
  }

  async send(id: string, event: IncomingEvent, caller: Caller, language: Language, expectedVersion?: number): Promise<PlanDetailView> {
    const plan = await this.engine.send(id, event, actorOf(caller), {
      expectedVersion,
      authorise: (p) => assertCanSee(p, caller),
    });
    return this.detail(plan, caller, language);
  }

  async update(id: string, dto: UpdateProcurementDto, caller: Caller, language: Language, expectedVersion?: number): Promise<PlanDetailView> {
    const change: PlanDetailsChange = {};
    if (dto.title !== undefined) change.title = dto.title;
    if (dto.description !== undefined) change.description = dto.description;
    if (dto.cpvCode !== undefined) change.cpvCode = dto.cpvCode;
    if (dto.rationale !== undefined) change.rationale = dto.rationale;
    if (dto.estimatedValue !== undefined) {
      change.budgetAmount = dto.estimatedValue.amount;
      change.budgetCurrency = dto.estimatedValue.currency;
    }
    const plan = await this.engine.updateDetails(id, change, actorOf(caller), {
      expectedVersion,
      authorise: (p) => assertCanSee(p, caller),
    });
    return this.detail(plan, caller, language);
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

  /** The plan with every event it may take next; descriptions and unmet requirements in the reader's language. */
  private async detail(plan: ProcurementPlanEntity, caller: Caller, language: Language): Promise<PlanDetailView> {
    const def = this.engine.definitionFor(plan);
    const options = await this.engine.options(this.dataSource.manager, plan, actorOf(caller));
    return planDetail(
      plan,
      options.map((option) => ({ ...option, description: eventDescription(def, option.event, language), unmet: localiseUnmet(def, option.unmet, language) })),
    );
  }
}
