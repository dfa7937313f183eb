import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Caller } from '../common/auth/caller';
import { Clock } from '../common/clock';
import { ForbiddenError } from '../common/errors';
import { sql } from '../common/sql';
import { read } from '../database/pipeline';
import { UnitOfWork } from '../database/unit-of-work';
import { AuditLogService } from '../engine/audit-log.service';
import { OrganisationTrailService } from '../engine/organisation-trail.service';
import type { AuthorityKind } from '../thresholds/thresholds';
import type { OrganisationProfileDto } from './dto/organisation-profile.dto';
import { OrganisationProfileEntity } from './organisation-profile.entity';
import { extended } from '../common/extended';

/** What other modules read of an organisation's profile: nulls for what it has not stated. */
export interface OrganisationProfile {
  organisation: string;
  authorityKind: AuthorityKind;
  officialName: { fi: string | null; sv: string | null; en: string | null };
  businessId: string | null;
  legalType: string | null;
  mainActivity: string | null;
  address: { street: string | null; postalCode: string | null; city: string | null; country: string; nuts: string | null };
  email: string | null;
  phone: string | null;
  website: string | null;
  /** 0 until a manager states the profile (the defaults apply). */
  version: number;
  updatedAt: string | null;
}

export interface OrganisationProfileView extends OrganisationProfile {
  /** The business terms every notice needs from the profile that it does not state yet (BT ids). */
  missingForNotices: string[];
}

/** The profile's business terms every notice (E1 first) needs, with what states each (Hilma's national rules make them mandatory). */
const NOTICE_TERMS: ReadonlyArray<[term: string, stated: (p: OrganisationProfile) => boolean]> = [
  ['BT-500', (p) => p.officialName.fi !== null && p.officialName.sv !== null],
  ['BT-501', (p) => p.businessId !== null],
  ['BT-11', (p) => p.legalType !== null],
  ['BT-10', (p) => p.mainActivity !== null],
  ['BT-513', (p) => p.address.city !== null],
  ['BT-507', (p) => p.address.nuts !== null],
  ['BT-506', (p) => p.email !== null],
];

/** An organisation's own statements about itself (its profile), kept in the organisation's audit chain. */
@Injectable()
export class OrganisationsService implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly audit: AuditLogService,
    private readonly trail: OrganisationTrailService,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.audit.register<OrganisationProfileEntity>({
      kind: 'organisationProfile',
      label: 'organisation profile',
      entity: OrganisationProfileEntity,
      chain: 'organisation',
      idOf: (p) => p.organisationId,
    });
  }

  /** Whether the organisation is a central government authority; sub-central until it says otherwise. */
  authorityKind(manager: EntityManager, organisation: string): Promise<AuthorityKind> {
    return this.authorityKindWhere(manager, 'organisation_id = ?', organisation);
  }

  /** `authorityKind` of the organisation a plan belongs to, found by the plan's id (sub-central when it has no profile or no such plan exists). */
  authorityKindOfPlan(manager: EntityManager, planId: string): Promise<AuthorityKind> {
    return this.authorityKindWhere(manager, 'organisation_id = (SELECT organisation_id FROM procurement_plans WHERE id = ?)', planId);
  }

  private async authorityKindWhere(manager: EntityManager, condition: string, value: string): Promise<AuthorityKind> {
    // Plain SQL: every plan answer asks this (its regime), and a query builder costs more than the read.
    const rows = await read<{ authority_kind: AuthorityKind }>(manager, sql(manager, `SELECT authority_kind FROM organisation_profiles WHERE ${condition}`), [
      value,
    ]);
    return rows[0]?.authority_kind ?? 'subCentral';
  }

  /** The organisation's profile as notices and exports read it (nulls for what it has not stated). */
  async profileOf(manager: EntityManager, organisation: string): Promise<OrganisationProfile> {
    return profileOf(organisation, await manager.findOne(OrganisationProfileEntity, { where: { organisationId: organisation } }));
  }

  async get(organisation: string, caller: Caller): Promise<OrganisationProfileView> {
    assertOwnOrganisation(organisation, caller);
    return view(await this.profileOf(this.dataSource.manager, organisation));
  }

  async put(organisation: string, dto: OrganisationProfileDto, caller: Caller): Promise<OrganisationProfileView> {
    assertOwnOrganisation(organisation, caller);
    if (caller.role !== 'manager' && caller.role !== 'admin') throw new ForbiddenError('auth.roleRefused', { roles: 'manager, admin', role: caller.role });
    return this.unitOfWork.run(async (manager) => {
      const before = await manager.findOne(OrganisationProfileEntity, { where: { organisationId: organisation } });
      const stated = {
        authorityKind: dto.authorityKind,
        nameFi: dto.officialName?.fi ?? null,
        nameSv: dto.officialName?.sv ?? null,
        nameEn: dto.officialName?.en ?? null,
        businessId: dto.businessId ?? null,
        legalType: dto.legalType ?? null,
        mainActivity: dto.mainActivity ?? null,
        street: dto.address?.street ?? null,
        postalCode: dto.address?.postalCode ?? null,
        city: dto.address?.city ?? null,
        country: dto.address?.country ?? 'FIN',
        nuts: dto.address?.nuts ?? null,
        email: dto.email ?? null,
        phone: dto.phone ?? null,
        website: dto.website ?? null,
      };
      const changed = (Object.keys(stated) as Array<keyof typeof stated>).filter((key) => (before ? before[key] : defaults[key]) !== stated[key]);
      if (changed.length === 0) return view(profileOf(organisation, before));
      const profile = Object.assign(new OrganisationProfileEntity(), {
        organisationId: organisation,
        ...stated,
        version: (before?.version ?? 0) + 1,
        updatedAt: this.clock.now(),
        updatedBy: caller.id,
      });
      await manager.save(OrganisationProfileEntity, profile);
      await this.trail.append(
        manager,
        organisation,
        'ORGANISATION_PROFILE_UPDATED',
        { id: caller.id, name: caller.name, role: caller.role },
        { changed, profile: stated, version: profile.version },
        await this.audit.digestsOf(manager, 'organisationProfile', [profile]),
      );
      return view(profileOf(organisation, profile));
    });
  }
}

/** What an organisation without a row states: nothing but the defaults. */
const defaults: Record<string, unknown> = { authorityKind: 'subCentral', country: 'FIN' };

function profileOf(organisation: string, row: OrganisationProfileEntity | null): OrganisationProfile {
  return {
    organisation,
    authorityKind: row?.authorityKind ?? 'subCentral',
    officialName: { fi: row?.nameFi ?? null, sv: row?.nameSv ?? null, en: row?.nameEn ?? null },
    businessId: row?.businessId ?? null,
    legalType: row?.legalType ?? null,
    mainActivity: row?.mainActivity ?? null,
    address: {
      street: row?.street ?? null,
      postalCode: row?.postalCode ?? null,
      city: row?.city ?? null,
      country: row?.country ?? 'FIN',
      nuts: row?.nuts ?? null,
    },
    email: row?.email ?? null,
    phone: row?.phone ?? null,
    website: row?.website ?? null,
    version: row?.version ?? 0,
    updatedAt: row?.updatedAt.toISOString() ?? null,
  };
}

function view(profile: OrganisationProfile): OrganisationProfileView {
  return extended(profile, { missingForNotices: NOTICE_TERMS.filter(([, stated]) => !stated(profile)).map(([term]) => term) });
}

/** Officers, managers and admins; another organisation's people are refused by name of the rule. */
function assertOwnOrganisation(organisation: string, caller: Caller): void {
  if (caller.role === 'supplier') throw new ForbiddenError('auth.roleRefused', { roles: 'officer, manager, admin', role: caller.role });
  if (caller.role !== 'admin' && caller.org !== organisation) throw new ForbiddenError('organisation.ownOnly', { org: caller.org });
}
