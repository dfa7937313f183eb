import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * How many completed stays in a stage lasted a given number of whole days, per organisation:
 * exact nearest-rank percentiles from a few hundred rows instead of a scan of the audit trail.
 */
@Entity('stage_stay_days')
export class StageStayDaysEntity {
  @PrimaryColumn({ name: 'organisation_id', type: 'varchar', length: 100 }) organisationId!: string;
  @PrimaryColumn({ type: 'varchar', length: 50 }) stage!: string;
  @PrimaryColumn({ type: 'integer' }) days!: number;
  @Column({ type: 'integer' }) stays!: number;
}

/** The OCDS sustainability goal codes a plan's strategy serves, with what the portfolio filters on. */
@Entity('plan_goal_codes')
export class PlanGoalCodeEntity {
  @PrimaryColumn({ name: 'plan_id', type: 'varchar', length: 36 }) planId!: string;
  @PrimaryColumn({ name: 'goal_code', type: 'varchar', length: 80 }) goalCode!: string;
  @Column({ name: 'organisation_id', type: 'varchar', length: 100 }) organisationId!: string;
  @Column({ type: 'boolean' }) active!: boolean;
}

export const PORTFOLIO_ENTITIES = [StageStayDaysEntity, PlanGoalCodeEntity];
