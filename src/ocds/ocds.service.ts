import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import type { Caller } from '../common/auth/caller';
import { Clock } from '../common/clock';
import { instantIdCursor } from '../common/pagination';
import { CriterionEntity } from '../criteria/criteria.entities';
import { DialogueRoundEntity } from '../dialogue/dialogue.entities';
import { listScope } from '../procurements/plan-access';
import { PlanLoader } from '../procurements/plan-loader';
import { ProcurementPlanEntity } from '../engine/procurement-plan.entity';
import { afterLastChange, changedSince, orderByLastChange } from '../engine/last-change';
import { planningRelease, releasePackage } from './ocds-release';
import { ThresholdRules } from '../thresholds/threshold-rules.service';
import { OrganisationsService, type OrganisationProfile } from '../organisations/organisations.service';

const FEED_CURSOR = instantIdCursor();

/** OCDS release packages of plans: one plan's, or a feed of every plan changed since a time. */
@Injectable()
export class OcdsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly plans: PlanLoader,
    private readonly clock: Clock,
    private readonly thresholds: ThresholdRules,
    private readonly organisations: OrganisationsService,
  ) {}

  async forPlan(planId: string, caller: Caller, baseUri: string) {
    const plan = await this.plans.visible(this.dataSource.manager, planId, caller);
    const [release] = await this.releases([plan]);
    return releasePackage([release], `${baseUri}/procurements/${plan.id}/ocds`, plan.organisationId, this.clock.now());
  }

  async feed(query: { since?: string; limit: number; cursor?: string; org?: string }, caller: Caller, baseUri: string) {
    const organisation = listScope(caller, query.org);
    const qb = this.dataSource.getRepository(ProcurementPlanEntity).createQueryBuilder('p');
    if (organisation !== null) qb.andWhere('p.organisation_id = :organisation', { organisation });
    if (query.since) changedSince(qb, new Date(query.since));
    if (query.cursor) {
      const cursor = FEED_CURSOR.decode(query.cursor);
      afterLastChange(qb, 'ASC', new Date(cursor.at), cursor.id);
    }
    const rows = await orderByLastChange(qb, 'ASC')
      .take(query.limit + 1)
      .getMany();
    const page = rows.slice(0, query.limit);
    const releases = await this.releases(page);
    const last = page.at(-1);
    const now = this.clock.now();
    return {
      items: page.map((plan, i) => releasePackage([releases[i]], `${baseUri}/procurements/${plan.id}/ocds`, plan.organisationId, now)),
      nextCursor: rows.length > query.limit && last ? FEED_CURSOR.encode({ at: last.updatedAt.toISOString(), id: last.id }) : null,
    };
  }

  private async releases(plans: ProcurementPlanEntity[]) {
    if (plans.length === 0) return [];
    const ids = plans.map((p) => p.id);
    const rounds = await this.dataSource.getRepository(DialogueRoundEntity).find({ where: { planId: In(ids) }, order: { opensAt: 'ASC' } });
    const criteria = await this.dataSource.getRepository(CriterionEntity).find({ where: { planId: In(ids) }, order: { position: 'ASC' } });
    // Each organisation's profile once; its kind of authority decides the regimes too.
    const profiles = new Map<string, OrganisationProfile>();
    for (const organisation of new Set(plans.map((p) => p.organisationId)))
      profiles.set(organisation, await this.organisations.profileOf(this.dataSource.manager, organisation));
    return plans.map((plan) => {
      const profile = profiles.get(plan.organisationId)!;
      return planningRelease({
        plan,
        regime: this.thresholds.regimeWith(plan, profile.authorityKind),
        profile,
        rounds: rounds.filter((r) => r.planId === plan.id),
        criteria: criteria.filter((c) => c.planId === plan.id),
      });
    });
  }
}
