import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Caller } from '../common/auth/caller';
import { Clock } from '../common/clock';
import { ConflictError, ForbiddenError } from '../common/errors';
import { EngineService } from '../engine/engine.service';
import type { Language } from '../i18n/language';
import { assertSeesDialogueContent } from './dialogue-access';
import { DialogueSupport } from './dialogue-support';
import { SupplierRegistrationEntity } from './dialogue.entities';
import * as views from './dialogue.views';
import type { RegisterSupplierDto, UpdateRegistrationDto } from './dto/register-supplier.dto';

/** Suppliers' registrations of interest in a plan's dialogue: taken while the stage is open for registration, each on the plan's trail. */
@Injectable()
export class RegistrationsService {
  constructor(
    private readonly support: DialogueSupport,
    private readonly engine: EngineService,
    private readonly clock: Clock,
  ) {}

  async list(planId: string, caller: Caller) {
    const { manager } = await this.support.read(planId, caller);
    assertSeesDialogueContent(caller);
    const where = caller.role === 'supplier' ? { planId, businessId: caller.businessId! } : { planId };
    return (await manager.find(SupplierRegistrationEntity, { where, order: { registeredAt: 'ASC' } })).map(views.registration);
  }

  /** `language`: the request's, for a registration that names none. */
  async register(planId: string, dto: RegisterSupplierDto, caller: Caller, language: Language) {
    return this.support.changePlan(planId, caller, async ({ manager, plan }) => {
      if (!this.engine.hasTag(plan, 'dialogue.registrationOpen')) throw new ConflictError('dialogue.registrationClosed', { stage: plan.stage });
      if (await this.support.registrationOf(manager, planId, caller)) {
        throw new ConflictError('dialogue.alreadyRegistered', { businessId: caller.businessId });
      }
      const row = Object.assign(new SupplierRegistrationEntity(), {
        id: randomUUID(),
        planId,
        businessId: caller.businessId!,
        name: dto.name,
        contactName: dto.contact.name,
        contactEmail: dto.contact.email,
        contactPhone: dto.contact.phone ?? null,
        sme: dto.sme,
        language: dto.language ?? language,
        reminders: dto.reminders ?? true,
        authorHash: this.support.authorHash(planId, caller.businessId!),
        registeredAt: this.clock.now(),
        registeredBy: caller.id,
      });
      await manager.insert(SupplierRegistrationEntity, row);
      const payload = { registrationId: row.id, businessId: row.businessId, supplierName: row.name, sme: row.sme };
      await this.support.record(manager, plan, 'SUPPLIER_REGISTERED', caller, payload, { registration: [row] });
      return views.registration(row);
    });
  }

  /**
   * A supplier changes how it is written to: language, reminders, contact e-mail. Only its own
   * registration, at any stage (a cancelled dialogue still sends its last e-mail); a change is on the
   * trail with the row's digest, the address itself only there.
   */
  async update(planId: string, dto: UpdateRegistrationDto, caller: Caller) {
    return this.support.changePlan(planId, caller, async ({ manager, plan }) => {
      const row = await this.support.registrationOf(manager, planId, caller);
      if (!row) throw new ForbiddenError('dialogue.registerFirst', { planId });
      const next = { language: dto.language ?? row.language, reminders: dto.reminders ?? row.reminders, contactEmail: dto.email ?? row.contactEmail };
      // Named as the body names them; the address itself is only in the row (and its digest on the trail).
      const changed = (['language', 'reminders', 'contactEmail'] as const)
        .filter((field) => next[field] !== row[field])
        .map((field) => (field === 'contactEmail' ? 'email' : field));
      if (changed.length === 0) return views.registration(row);
      await manager.update(SupplierRegistrationEntity, { id: row.id }, next);
      Object.assign(row, next);
      const payload = { registrationId: row.id, businessId: row.businessId, changed, language: row.language, reminders: row.reminders };
      await this.support.record(manager, plan, 'SUPPLIER_REGISTRATION_UPDATED', caller, payload, { registration: [row] });
      return views.registration(row);
    });
  }
}
