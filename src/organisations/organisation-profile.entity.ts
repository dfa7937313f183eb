import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { AuthorityKind } from '../thresholds/thresholds';

/**
 * What an organisation states about itself once: today whether it is a central government authority
 * (its EU thresholds for supplies and services are lower). An organisation without a row is a
 * sub-central authority, as a municipality is.
 */
@Entity('organisation_profiles')
export class OrganisationProfileEntity {
  @PrimaryColumn({ name: 'organisation_id', type: 'varchar', length: 100 }) organisationId!: string;
  @Column({ name: 'authority_kind', type: 'varchar', length: 30 }) authorityKind!: AuthorityKind;
  @Column({ type: 'integer' }) version!: number;
  @Column({ name: 'updated_at' }) updatedAt!: Date;
  @Column({ name: 'updated_by', type: 'varchar', length: 200 }) updatedBy!: string;
}
