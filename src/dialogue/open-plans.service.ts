import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { WorkflowRegistry } from '../../workflows/registry';
import type { Caller } from '../common/auth/caller';
import { instantIdCursor } from '../common/pagination';
import { EngineService } from '../engine/engine.service';
import { ProcurementPlanEntity } from '../engine/procurement-plan.entity';
import { stageTagged } from '../engine/stage-tagged';
import { keysetPage } from './dialogue-support';
import { SupplierRegistrationEntity } from './dialogue.entities';
import * as views from './dialogue.views';

const OPEN_PLANS_CURSOR = instantIdCursor();

/**
 * The plans open to suppliers: a plan opens when its engagement notice is published or its dialogue
 * starts (the time is kept on the plan row, in the change's transaction), and is listed while its
 * stage takes registrations.
 */
@Injectable()
export class OpenPlansService implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly engine: EngineService,
    private readonly registry: WorkflowRegistry,
  ) {}

  onModuleInit(): void {
    this.engine.onCommit(async (manager, plan, change) => {
      if (plan.openToSuppliersAt === null && (change.type === 'PUBLISH_ENGAGEMENT_NOTICE' || change.type === 'START_MARKET_DIALOGUE')) {
        await manager.update(ProcurementPlanEntity, { id: plan.id }, { openToSuppliersAt: change.at });
        plan.openToSuppliersAt = change.at;
      }
    });
  }

  /** Plans open for registration: their notice is published or their dialogue started, and they have not moved on. Newest first. */
  async list(query: { limit: number; cursor?: string; stage?: string }, caller: Caller) {
    const qb = this.dataSource
      .getRepository(ProcurementPlanEntity)
      .createQueryBuilder('p')
      .where('p.open_to_suppliers_at IS NOT NULL')
      .andWhere(stageTagged(this.registry, 'dialogue.registrationOpen'));
    if (query.stage) qb.andWhere('p.stage = :stage', { stage: query.stage });
    const after = query.cursor ? OPEN_PLANS_CURSOR.decode(query.cursor) : null;
    const order = { at: 'p.open_to_suppliers_at', id: 'p.id', direction: 'DESC' } as const;
    const { rows: page, more } = await keysetPage(qb, order, query.limit, after && { at: new Date(after.at), id: after.id });
    const registered =
      caller.role === 'supplier' && page.length > 0
        ? new Set(
            (
              await this.dataSource
                .getRepository(SupplierRegistrationEntity)
                .find({ where: { planId: In(page.map((p) => p.id)), businessId: caller.businessId! } })
            ).map((r) => r.planId),
          )
        : new Set<string>();
    const last = page.at(-1);
    return {
      items: page.map((p) => ({
        planId: p.id,
        // The plan's own title is the buyer's working title; a supplier reads the published notice's.
        title: caller.role === 'supplier' ? (p.snapshot.context.engagementNotice?.title ?? p.title) : p.title,
        buyer: p.organisationId,
        cpvCode: p.cpvCode,
        stage: p.stage,
        openSince: p.openToSuppliersAt!.toISOString(),
        notice: views.notice(p.snapshot.context),
        ...(caller.role === 'supplier' ? { registered: registered.has(p.id) } : {}),
      })),
      nextCursor: more && last ? OPEN_PLANS_CURSOR.encode({ at: last.openToSuppliersAt!.toISOString(), id: last.id }) : null,
    };
  }
}
