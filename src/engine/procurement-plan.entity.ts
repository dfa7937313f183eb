import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { StoredSnapshot } from '../../workflows/common/inspect';
import type { ContractType } from '../thresholds/thresholds';

export interface TeamMember {
  id: string;
  name: string;
}

/** PostgreSQL returns DECIMAL as a string; the API speaks numbers. */
const decimal = {
  to: (value: number) => value,
  from: (value: string | number) => Number(value),
};

const json = {
  to: (value: unknown) => JSON.stringify(value),
  from: (value: string) => JSON.parse(value) as unknown,
};

@Entity('procurement_plans')
export class ProcurementPlanEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 100 })
  ocid!: string;

  @Column({ type: 'varchar', length: 300 })
  title!: string;

  @Column({ type: 'text' })
  description!: string;

  @Column({ name: 'cpv_code', type: 'varchar', length: 10 })
  cpvCode!: string;

  @Column({ name: 'budget_amount', type: 'decimal', precision: 18, scale: 2, transformer: decimal })
  budgetAmount!: number;

  @Column({ name: 'budget_currency', type: 'varchar', length: 3 })
  budgetCurrency!: string;

  @Column({ type: 'text', nullable: true })
  rationale!: string | null;

  @Column({ name: 'organisation_id', type: 'varchar', length: 100 })
  organisationId!: string;

  /** Which thresholds apply (src/thresholds): stated by the officer or implied by the CPV code. */
  @Column({ name: 'contract_type', type: 'varchar', length: 40 })
  contractType!: ContractType;

  /** The officers besides the owner who may change the plan (see plan-access.ts). */
  @Column({ name: 'team_members', type: 'text', transformer: json })
  teamMembers!: TeamMember[];

  @Column({ name: 'owner_id', type: 'varchar', length: 200 })
  ownerId!: string;

  @Column({ name: 'owner_name', type: 'varchar', length: 200 })
  ownerName!: string;

  @Column({ name: 'workflow_id', type: 'varchar', length: 100 })
  workflowId!: string;

  @Column({ name: 'workflow_version', type: 'integer' })
  workflowVersion!: number;

  @Column({ type: 'varchar', length: 50 })
  stage!: string;

  @Column({ type: 'text', transformer: json })
  snapshot!: StoredSnapshot;

  /** The plan's own state (If-Match): bumped by workflow events and edits, not by records appended to its trail. */
  @Column({ type: 'integer' })
  version!: number;

  /** Length of the plan's audit chain: every event, also those that leave `version` alone (suppliers' actions). */
  @Column({ name: 'audit_seq', type: 'integer' })
  auditSeq!: number;

  @Column({ name: 'audit_head_hash', type: 'varchar', length: 64 })
  auditHeadHash!: string;

  @Column({ name: 'stage_entered_at' })
  stageEnteredAt!: Date;

  @Column({ name: 'last_event_at' })
  lastEventAt!: Date;

  @Column({ name: 'next_deadline_at', type: Date, nullable: true })
  nextDeadlineAt!: Date | null;

  /** When the engagement notice was published or the dialogue started: from then on suppliers can find the plan. */
  @Column({ name: 'open_to_suppliers_at', type: Date, nullable: true })
  openToSuppliersAt!: Date | null;

  /** Award criteria pursuing an environmental goal; kept by the portfolio projection for its share. */
  @Column({ name: 'environmental_award_criteria', type: 'integer', default: 0 })
  environmentalAwardCriteria!: number;

  @Column({ name: 'created_at' })
  createdAt!: Date;

  @Column({ name: 'updated_at' })
  updatedAt!: Date;

  /**
   * The hour (UTC) `updatedAt` falls in: what PostgreSQL's indexes over the last change hold, so that
   * most changes of a plan leave its index entries alone and are made in place (migration
   * PlanChangeHour1765699200000). Always `changeHour(updatedAt)`, on both drivers; the queries that
   * read those indexes compare the hour first and the time after it (src/engine/last-change.ts).
   */
  @Column({ name: 'updated_hour' })
  updatedHour!: Date;
}

const HOUR_MS = 3_600_000;

/** The start of the hour (UTC) a time falls in. */
export function changeHour(at: Date): Date {
  return new Date(Math.floor(at.getTime() / HOUR_MS) * HOUR_MS);
}
