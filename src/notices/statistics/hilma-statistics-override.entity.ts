import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Answer, HilmaQuestion } from './hilma-statistics';

const json = {
  to: (value: unknown) => JSON.stringify(value),
  from: (value: string) => JSON.parse(value) as unknown,
};

/**
 * An officer's answer to one of Hilma's statistical questions for one lot of a plan, replacing the
 * derived one; one row a question (unique plan, lot and question), written and removed only through
 * HilmaStatisticsService, each change on the plan's trail.
 */
@Entity('hilma_statistics_overrides')
export class HilmaStatisticsOverrideEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @Column({ name: 'plan_id', type: 'varchar', length: 36 }) planId!: string;
  @Column({ name: 'lot_id', type: 'varchar', length: 20 }) lotId!: string;
  @Column({ type: 'varchar', length: 60 }) question!: HilmaQuestion;
  /** JSON: true or false, or a whole number for howManyOpportunitiesIsEstimated. */
  @Column({ type: 'text', transformer: json }) value!: Answer;
  @Column({ type: 'text' }) reason!: string;
  @Column({ name: 'overridden_by', type: 'varchar', length: 200 }) overriddenBy!: string;
  @Column({ name: 'overridden_by_name', type: 'varchar', length: 200 }) overriddenByName!: string;
  @Column({ name: 'overridden_at' }) overriddenAt!: Date;
}
