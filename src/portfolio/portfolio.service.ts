import { Injectable } from '@nestjs/common';
import { Brackets, DataSource, type SelectQueryBuilder } from 'typeorm';
import { stageIdsWithTag } from '../../workflows/common/inspect';
import { WorkflowRegistry } from '../../workflows/registry';
import type { Caller } from '../common/auth/caller';
import { Clock } from '../common/clock';
import { BadRequestError, ForbiddenError } from '../common/errors';
import { sortedCursor, type Page } from '../common/pagination';
import { AuditEventEntity } from '../engine/audit-event.entity';
import { stageTagged } from '../engine/stage-tagged';
import { ProcurementPlanEntity } from '../engine/procurement-plan.entity';
import { changedBefore, countChangedBefore } from '../engine/last-change';
import { planSummary, type PlanSummaryView } from '../procurements/procurement.view';
import { PORTFOLIO_SORTS, type PortfolioPlansQuery, type SummaryQuery } from './dto/portfolio.query';
import { histogramPercentile } from './percentiles';
import { DAY_MS, PortfolioProjection, stayDays } from './portfolio.projection';
import { PlanGoalCodeEntity, StageStayDaysEntity } from './portfolio.entities';
import { extended } from '../common/extended';

const PLAN_CURSOR = sortedCursor(PORTFOLIO_SORTS);

export interface PortfolioPlanView extends PlanSummaryView {
  daysInStage: number;
  overdue: boolean;
}

/**
 * The manager views. Every number comes from indexed columns of the plans and from the small read
 * models the projection keeps; no machine is restored and no audit trail is scanned.
 */
/** Events that ask for an approval (the machine's requestApproval and voidApproval actions). */
const APPROVAL_REQUESTS = ['REQUEST_APPROVAL', 'VOID_APPROVAL'];

@Injectable()
export class PortfolioService {
  private readonly closed: string[];
  /** Stage ids that wait for approval in some workflow version: what an audit event's to_stage is matched with. */
  private readonly waiting: string[];

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    projection: PortfolioProjection,
    private readonly registry: WorkflowRegistry,
  ) {
    this.closed = [...projection.closedStages];
    this.waiting = stageIdsWithTag(registry.list(), 'approval.waiting');
  }

  /** The organisation the caller may look at: their own, or for admins the one asked for (or all). */
  scope(caller: Caller, requested: string | undefined): string | null {
    if (caller.role === 'admin') return requested ?? null;
    if (caller.role !== 'manager') throw new ForbiddenError('portfolio.managersOnly');
    if (requested !== undefined && requested !== caller.org) throw new ForbiddenError('portfolio.ownOrganisationOnly', { org: caller.org });
    return caller.org;
  }

  private plans(organisation: string | null): SelectQueryBuilder<ProcurementPlanEntity> {
    const qb = this.dataSource.getRepository(ProcurementPlanEntity).createQueryBuilder('p');
    if (organisation !== null) qb.where('p.organisation_id = :organisation', { organisation });
    return qb;
  }

  private active(qb: SelectQueryBuilder<ProcurementPlanEntity>): SelectQueryBuilder<ProcurementPlanEntity> {
    return qb.andWhere('p.stage NOT IN (:...closed)', { closed: this.closed });
  }

  async summary(query: SummaryQuery, caller: Caller) {
    const organisation = this.scope(caller, query.org);
    const now = this.clock.now();
    const stalledBefore = new Date(now.getTime() - query.stalledDays * DAY_MS);

    const byStage = await this.plans(organisation)
      .select('p.stage', 'stage')
      .addSelect('COUNT(*)', 'plans')
      .groupBy('p.stage')
      .getRawMany<{ stage: string; plans: string }>();
    const byWorkflow = await this.plans(organisation)
      .select('p.workflow_id', 'workflowId')
      .addSelect('p.workflow_version', 'workflowVersion')
      .addSelect('COUNT(*)', 'plans')
      .groupBy('p.workflow_id')
      .addGroupBy('p.workflow_version')
      .getRawMany<{ workflowId: string; workflowVersion: number; plans: string }>();
    const byOfficer = await this.plans(organisation)
      .select('p.owner_id', 'id')
      .addSelect('MAX(p.owner_name)', 'name')
      .addSelect('COUNT(*)', 'plans')
      .addSelect(`SUM(CASE WHEN p.stage IN (:...closed) THEN 0 ELSE 1 END)`, 'active')
      .setParameter('closed', this.closed)
      .groupBy('p.owner_id')
      .orderBy('p.owner_id')
      .getRawMany<{ id: string; name: string; plans: string; active: string }>();
    const overdue = await this.active(this.plans(organisation)).andWhere('p.next_deadline_at < :now', { now }).getCount();
    // Stalled: no event for so many days. A plan's last event is its last change, so its updated_at
    // is its last_event_at, which has no index of its own (src/engine/last-change.ts).
    const stalled = await countChangedBefore(() => this.active(this.plans(organisation)), stalledBefore);
    const approvalsWaiting = await this.plans(organisation).andWhere(stageTagged(this.registry, 'approval.waiting')).getCount();
    const withEnvironmentalAward = await this.active(this.plans(organisation)).andWhere('p.environmental_award_criteria > 0').getCount();

    const stays = this.dataSource.getRepository(StageStayDaysEntity).createQueryBuilder('s');
    if (organisation !== null) stays.where('s.organisation_id = :organisation', { organisation });
    const histogram = await stays.getMany();
    const goals = this.dataSource
      .getRepository(PlanGoalCodeEntity)
      .createQueryBuilder('g')
      .select('g.goal_code', 'code')
      .addSelect('COUNT(*)', 'plans')
      .where('g.active = :active', { active: true })
      .groupBy('g.goal_code')
      .orderBy('g.goal_code');
    if (organisation !== null) goals.andWhere('g.organisation_id = :organisation', { organisation });
    const goalCounts = await goals.getRawMany<{ code: string; plans: string }>();

    const stageCounts = byStage.map((s) => ({ stage: s.stage, plans: Number(s.plans) })).sort((a, b) => a.stage.localeCompare(b.stage));
    const total = stageCounts.reduce((n, s) => n + s.plans, 0);
    const activeCount = stageCounts.filter((s) => !this.closed.includes(s.stage)).reduce((n, s) => n + s.plans, 0);
    const share = (n: number) => (activeCount === 0 ? 0 : Math.round((n / activeCount) * 10000) / 10000);
    const stayStages = [...new Set(histogram.map((h) => h.stage))].sort();

    return {
      organisation,
      generatedAt: now.toISOString(),
      plans: { total, active: activeCount, closed: total - activeCount },
      byStage: stageCounts,
      byWorkflow: byWorkflow
        .map((w) => ({ workflowId: w.workflowId, workflowVersion: Number(w.workflowVersion), plans: Number(w.plans) }))
        .sort((a, b) => a.workflowId.localeCompare(b.workflowId) || a.workflowVersion - b.workflowVersion),
      byOfficer: byOfficer.map((o) => ({ id: o.id, name: o.name, plans: Number(o.plans), active: Number(o.active) })),
      daysInStage: stayStages.map((stage) => {
        const rows = histogram.filter((h) => h.stage === stage).map((h) => ({ value: h.days, count: h.stays }));
        return {
          stage,
          completedStays: rows.reduce((n, r) => n + r.count, 0),
          medianDays: histogramPercentile(rows, 50),
          p90Days: histogramPercentile(rows, 90),
        };
      }),
      overdue,
      stalled: { days: query.stalledDays, plans: stalled },
      approvalsWaiting,
      sustainability: {
        activePlans: activeCount,
        goalCodes: goalCounts.map((g) => ({ code: g.code, plans: Number(g.plans), share: share(Number(g.plans)) })),
        withEnvironmentalAwardCriterion: { plans: withEnvironmentalAward, share: share(withEnvironmentalAward) },
      },
    };
  }

  async list(query: PortfolioPlansQuery, caller: Caller): Promise<Page<PortfolioPlanView>> {
    const organisation = this.scope(caller, query.org);
    const now = this.clock.now();
    const qb = this.plans(organisation);
    if (query.stage) qb.andWhere('p.stage = :stage', { stage: query.stage });
    if (query.officer) qb.andWhere('p.owner_id = :officer', { officer: query.officer });
    if (query.overdue !== undefined) {
      if (query.overdue) this.active(qb).andWhere('p.next_deadline_at < :now', { now });
      else
        qb.andWhere(
          new Brackets((b) =>
            b.where('p.next_deadline_at IS NULL').orWhere('p.next_deadline_at >= :now', { now }).orWhere('p.stage IN (:...closed)', { closed: this.closed }),
          ),
        );
    }
    if (query.stalledDays !== undefined) {
      // updated_at is the plan's last event (see summary()).
      changedBefore(this.active(qb), new Date(now.getTime() - query.stalledDays * DAY_MS));
    }
    if (query.goalCode) {
      qb.andWhere('EXISTS (SELECT 1 FROM plan_goal_codes g WHERE g.plan_id = p.id AND g.goal_code = :goalCode)', { goalCode: query.goalCode });
    }
    if (query.createdFrom) qb.andWhere('p.created_at >= :createdFrom', { createdFrom: new Date(query.createdFrom) });
    if (query.createdTo) qb.andWhere('p.created_at < :createdTo', { createdTo: new Date(query.createdTo) });

    // Most days in stage first means the earliest stage entry first.
    const column = query.sort === 'daysInStage' ? 'p.stage_entered_at' : 'p.created_at';
    const property = query.sort === 'daysInStage' ? 'stageEnteredAt' : 'createdAt';
    const ascending = query.sort === 'daysInStage' ? query.order === 'desc' : query.order === 'asc';
    const direction = ascending ? 'ASC' : 'DESC';
    if (query.cursor) {
      const cursor = PLAN_CURSOR.decode(query.cursor);
      if (cursor.s !== query.sort || cursor.o !== query.order) throw new BadRequestError('pagination.cursorSortMismatch');
      const op = ascending ? '>' : '<';
      qb.andWhere(`(${column} ${op} :at OR (${column} = :at AND p.id ${op} :id))`, { at: new Date(cursor.at), id: cursor.id });
    }
    const rows = await qb
      .orderBy(column, direction)
      .addOrderBy('p.id', direction)
      .take(query.limit + 1)
      .getMany();
    const items = rows.slice(0, query.limit);
    const last = items.at(-1);
    return {
      items: items.map((p) =>
        extended(planSummary(p), {
          daysInStage: stayDays(p.stageEnteredAt, now),
          overdue: !this.closed.includes(p.stage) && p.nextDeadlineAt !== null && p.nextDeadlineAt < now,
        }),
      ),
      nextCursor:
        rows.length > query.limit && last ? PLAN_CURSOR.encode({ s: query.sort, o: query.order, at: last[property].toISOString(), id: last.id }) : null,
    };
  }

  /** Plans waiting for a manager's approval, oldest first, with who asked and when (the latest request). */
  async approvals(query: { org?: string }, caller: Caller) {
    const organisation = this.scope(caller, query.org);
    // Sorted here, not by ORDER BY: SQLite would walk the (organisation, stage_entered_at) index to
    // skip the sort, reading every plan of the organisation instead of the few that wait.
    const plans = (await this.plans(organisation).andWhere(stageTagged(this.registry, 'approval.waiting')).getMany()).sort(
      (a, b) => a.stageEnteredAt.getTime() - b.stageEnteredAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    );
    if (plans.length === 0) return [];
    const requests = await this.dataSource
      .getRepository(AuditEventEntity)
      .createQueryBuilder('e')
      .where('e.plan_id IN (:...ids)', { ids: plans.map((p) => p.id) })
      // The request is what the machine records as one: REQUEST_APPROVAL, or VOID_APPROVAL (a change
      // after approval, or while it waits, asks again in the changer's name), whichever came last.
      .andWhere('e.to_stage IN (:...waiting)', { waiting: this.waiting })
      .andWhere('e.type IN (:...requests)', { requests: APPROVAL_REQUESTS })
      .andWhere(
        'e.seq = (SELECT MAX(e2.seq) FROM audit_events e2 WHERE e2.plan_id = e.plan_id AND e2.to_stage IN (:...waiting) AND e2.type IN (:...requests))',
        {
          waiting: this.waiting,
          requests: APPROVAL_REQUESTS,
        },
      )
      .getMany();
    const now = this.clock.now();
    return plans.map((p) => {
      const request = requests.find((r) => r.planId === p.id);
      return extended(planSummary(p), {
        requestedBy: request ? { id: request.actorId, name: request.actorName } : null,
        requestedAt: (request?.occurredAt ?? p.stageEnteredAt).toISOString(),
        daysWaiting: stayDays(p.stageEnteredAt, now),
      });
    });
  }
}
