import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Caller } from '../common/auth/caller';
import { Clock } from '../common/clock';
import { ForbiddenError } from '../common/errors';
import { UnitOfWork } from '../database/unit-of-work';
import { AuditLogService } from '../engine/audit-log.service';
import { OrganisationTrailService } from '../engine/organisation-trail.service';
import type { AuthorityKind } from '../thresholds/thresholds';
import type { OrganisationProfileDto } from './dto/organisation-profile.dto';
import { OrganisationProfileEntity } from './organisation-profile.entity';

export interface OrganisationProfileView {
  organisation: string;
  authorityKind: AuthorityKind;
  /** 0 until a manager states the profile (the defaults apply). */
  version: number;
  updatedAt: string | null;
}

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
  async authorityKind(manager: EntityManager, organisation: string): Promise<AuthorityKind> {
    const profile = await manager.findOne(OrganisationProfileEntity, { where: { organisationId: organisation } });
    return profile?.authorityKind ?? 'subCentral';
  }

  async get(organisation: string, caller: Caller): Promise<OrganisationProfileView> {
    assertOwnOrganisation(organisation, caller);
    const profile = await this.dataSource.manager.findOne(OrganisationProfileEntity, { where: { organisationId: organisation } });
    return view(organisation, profile);
  }

  async put(organisation: string, dto: OrganisationProfileDto, caller: Caller): Promise<OrganisationProfileView> {
    assertOwnOrganisation(organisation, caller);
    if (caller.role !== 'manager' && caller.role !== 'admin') throw new ForbiddenError('auth.roleRefused', { roles: 'manager, admin', role: caller.role });
    return this.unitOfWork.run(async (manager) => {
      const before = await manager.findOne(OrganisationProfileEntity, { where: { organisationId: organisation } });
      if (before && before.authorityKind === dto.authorityKind) return view(organisation, before);
      const profile = Object.assign(new OrganisationProfileEntity(), {
        organisationId: organisation,
        authorityKind: dto.authorityKind,
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
        { authorityKind: { from: before?.authorityKind ?? 'subCentral', to: profile.authorityKind }, version: profile.version },
        await this.audit.digestsOf(manager, 'organisationProfile', [profile]),
      );
      return view(organisation, profile);
    });
  }
}

function view(organisation: string, profile: OrganisationProfileEntity | null): OrganisationProfileView {
  return {
    organisation,
    authorityKind: profile?.authorityKind ?? 'subCentral',
    version: profile?.version ?? 0,
    updatedAt: profile?.updatedAt.toISOString() ?? null,
  };
}

/** Officers, managers and admins; another organisation's people are refused by name of the rule. */
function assertOwnOrganisation(organisation: string, caller: Caller): void {
  if (caller.role === 'supplier') throw new ForbiddenError('auth.roleRefused', { roles: 'officer, manager, admin', role: caller.role });
  if (caller.role !== 'admin' && caller.org !== organisation) throw new ForbiddenError('organisation.ownOnly', { org: caller.org });
}
