import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { AuthorityKind } from '../thresholds/thresholds';

/**
 * What an organisation states about itself once: whether it is a central government authority (its
 * EU thresholds for supplies and services are lower), and what every notice names it by (eForms
 * business terms: official names BT-500, business id BT-501, legal type BT-11, main activity BT-10,
 * address BT-510/512/513/514/507, contact BT-506/503, website BT-505). An organisation without a
 * row is a sub-central authority, as a municipality is, with nothing else stated.
 */
@Entity('organisation_profiles')
export class OrganisationProfileEntity {
  @PrimaryColumn({ name: 'organisation_id', type: 'varchar', length: 100 }) organisationId!: string;
  @Column({ name: 'authority_kind', type: 'varchar', length: 30 }) authorityKind!: AuthorityKind;
  @Column({ name: 'name_fi', type: 'varchar', length: 300, nullable: true }) nameFi!: string | null;
  @Column({ name: 'name_sv', type: 'varchar', length: 300, nullable: true }) nameSv!: string | null;
  @Column({ name: 'name_en', type: 'varchar', length: 300, nullable: true }) nameEn!: string | null;
  @Column({ name: 'business_id', type: 'varchar', length: 9, nullable: true }) businessId!: string | null;
  @Column({ name: 'legal_type', type: 'varchar', length: 30, nullable: true }) legalType!: string | null;
  @Column({ name: 'main_activity', type: 'varchar', length: 30, nullable: true }) mainActivity!: string | null;
  @Column({ type: 'varchar', length: 300, nullable: true }) street!: string | null;
  @Column({ name: 'postal_code', type: 'varchar', length: 20, nullable: true }) postalCode!: string | null;
  @Column({ type: 'varchar', length: 100, nullable: true }) city!: string | null;
  @Column({ type: 'varchar', length: 3 }) country!: string;
  @Column({ type: 'varchar', length: 10, nullable: true }) nuts!: string | null;
  @Column({ type: 'varchar', length: 320, nullable: true }) email!: string | null;
  @Column({ type: 'varchar', length: 50, nullable: true }) phone!: string | null;
  @Column({ type: 'varchar', length: 500, nullable: true }) website!: string | null;
  @Column({ type: 'integer' }) version!: number;
  @Column({ name: 'updated_at' }) updatedAt!: Date;
  @Column({ name: 'updated_by', type: 'varchar', length: 200 }) updatedBy!: string;
}
