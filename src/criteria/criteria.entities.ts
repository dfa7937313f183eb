import { Column, Entity, PrimaryColumn } from 'typeorm';

const json = {
  to: (value: unknown) => JSON.stringify(value),
  from: (value: string) => JSON.parse(value) as unknown,
};

/** PostgreSQL returns DECIMAL as text. */
const decimal = {
  to: (value: number | null) => value,
  from: (value: string | number | null) => (value === null ? null : Number(value)),
};

export const CRITERION_KINDS = ['selectionCriteria', 'technicalSpecifications', 'awardCriteria', 'contractPerformanceConditions'] as const;
export type CriterionKind = (typeof CRITERION_KINDS)[number];

export const CRITERION_SOURCES = ['euGPPCriteria', 'nationalGPPCriteria', 'otherGPPCriteria', 'own'] as const;
export type CriterionSource = (typeof CRITERION_SOURCES)[number];

/** One criterion of a plan, with the sustainability goal it pursues (OCDS sustainability extension codes). */
@Entity('criteria')
export class CriterionEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @Column({ name: 'plan_id', type: 'varchar', length: 36 }) planId!: string;
  @Column({ type: 'varchar', length: 40 }) kind!: CriterionKind;
  @Column({ type: 'varchar', length: 300 }) title!: string;
  @Column({ type: 'text' }) text!: string;
  @Column({ name: 'goal_code', type: 'varchar', length: 80, nullable: true }) goalCode!: string | null;
  /** What evidence a tenderer gives. */
  @Column({ type: 'text' }) verification!: string;
  /** Award criteria only: percentage points out of 100. */
  @Column({ type: 'decimal', precision: 5, scale: 2, nullable: true, transformer: decimal }) weight!: number | null;
  /** Award criteria only: how the criterion is linked to the subject-matter of the contract (art. 67(3)). */
  @Column({ name: 'subject_link', type: 'text', nullable: true }) subjectLink!: string | null;
  @Column({ type: 'varchar', length: 30 }) source!: CriterionSource;
  @Column({ name: 'source_reference', type: 'text', nullable: true }) sourceReference!: string | null;
  @Column({ name: 'template_id', type: 'varchar', length: 100, nullable: true }) templateId!: string | null;
  @Column({ type: 'integer' }) position!: number;
  @Column({ name: 'created_at' }) createdAt!: Date;
  @Column({ name: 'updated_at' }) updatedAt!: Date;
  @Column({ name: 'updated_by', type: 'varchar', length: 200 }) updatedBy!: string;
}

export interface StoredLccOption {
  name: string;
  acquisition: number;
  annualOperation: number;
  annualMaintenance: number;
  annualCo2eTonnes: number;
  endOfLifeCost: number;
  residualValue: number;
}

/** A plan's life-cycle cost model: the options compared, and the method and data tenderers must supply. */
@Entity('life_cycle_cost_models')
export class LifeCycleCostModelEntity {
  @PrimaryColumn({ name: 'plan_id', type: 'varchar', length: 36 }) planId!: string;
  @Column({ type: 'varchar', length: 3 }) currency!: string;
  @Column({ type: 'integer' }) years!: number;
  @Column({ name: 'discount_rate_percent', type: 'decimal', precision: 6, scale: 3, transformer: decimal }) discountRatePercent!: number;
  @Column({ name: 'carbon_price_per_tonne', type: 'decimal', precision: 12, scale: 2, transformer: decimal }) carbonPricePerTonne!: number;
  @Column({ type: 'text' }) method!: string;
  @Column({ name: 'tenderer_data', type: 'text', transformer: json }) tendererData!: string[];
  @Column({ type: 'text', transformer: json }) options!: StoredLccOption[];
  @Column({ name: 'updated_at' }) updatedAt!: Date;
  @Column({ name: 'updated_by', type: 'varchar', length: 200 }) updatedBy!: string;
}

/** An organisation's strategic goal ("carbon neutral by 2030"), mapped to OCDS sustainability goal codes. */
@Entity('strategic_goals')
export class StrategicGoalEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @Column({ name: 'organisation_id', type: 'varchar', length: 100 }) organisationId!: string;
  @Column({ type: 'varchar', length: 300 }) title!: string;
  @Column({ type: 'text' }) description!: string;
  @Column({ name: 'goal_codes', type: 'text', transformer: json }) goalCodes!: string[];
  @Column({ name: 'target_year', type: 'integer', nullable: true }) targetYear!: number | null;
  @Column({ name: 'created_at' }) createdAt!: Date;
  @Column({ name: 'created_by', type: 'varchar', length: 200 }) createdBy!: string;
}

/** A plan's declaration that it serves one of its organisation's strategic goals. */
@Entity('plan_strategic_goals')
export class PlanStrategicGoalEntity {
  @PrimaryColumn({ name: 'plan_id', type: 'varchar', length: 36 }) planId!: string;
  @PrimaryColumn({ name: 'goal_id', type: 'varchar', length: 36 }) goalId!: string;
  @Column({ name: 'declared_at' }) declaredAt!: Date;
  @Column({ name: 'declared_by', type: 'varchar', length: 200 }) declaredBy!: string;
}

export const CRITERIA_ENTITIES = [CriterionEntity, LifeCycleCostModelEntity, StrategicGoalEntity, PlanStrategicGoalEntity];
