import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Caller } from '../common/auth/caller';
import { NotFoundError, UnprocessableError } from '../common/errors';
import { Environment } from '../config/environment';
import { EngineService, type CommittedChange, type RuleChange } from '../engine/engine.service';
import { OrganisationsService } from '../organisations/organisations.service';
import { assertCanSee } from '../procurements/plan-access';
import { ProcurementPlanEntity } from '../engine/procurement-plan.entity';
import { ThresholdRules } from '../thresholds/threshold-rules.service';
import { E1_SUBTYPE, NOTICE_VERSION, helsinkiParts, writeE1, type E1Terms, type Texts } from './e1-notice';
import { e1TermsOf, type NoticePayload, type TermsOutcome } from './e1-terms';
import { eformsMetadata, type EformsMetadata } from './eforms-metadata';
import { NoticeEntity } from './notice.entity';
import { extended } from '../common/extended';

export interface NoticeVersionView {
  version: number;
  noticeId: string;
  noticeVersion: string;
  changesNoticeId: string | null;
  answersDeadline: string;
  issuedAt: string;
}

/** What the change notices say, in the notice's own languages (these texts are part of the published notice). */
const CHANGE_TEXTS = {
  answersDeadline: (from: string, to: string): Texts => ({
    fi: `Vastausten määräaikaa on jatkettu: ${from} → ${to}.`,
    sv: `Tidsfristen för svar har förlängts: ${from} → ${to}.`,
  }),
  republished: (): Texts => ({ fi: 'Ilmoitusta on päivitetty.', sv: 'Meddelandet har uppdaterats.' }),
};

/**
 * The plan's eForms notices (issue 14): PUBLISH_ENGAGEMENT_NOTICE is refused while the E1 notice
 * lacks a business term (a rule for every workflow version), and issues the notice in the change's
 * transaction; an extension of the dialogue round that closes at the notice's answers deadline issues
 * a change notice. Notices are stored as issued, never rewritten (decision 0025).
 */
@Injectable()
export class NoticesService implements OnModuleInit {
  private metadata!: EformsMetadata;

  constructor(
    private readonly dataSource: DataSource,
    private readonly engine: EngineService,
    private readonly organisations: OrganisationsService,
    private readonly thresholds: ThresholdRules,
    private readonly env: Environment,
  ) {}

  onModuleInit(): void {
    try {
      this.metadata = eformsMetadata(resolve(this.env.EFORMS_DIR));
    } catch (err) {
      throw new Error(`EFORMS_DIR=${this.env.EFORMS_DIR} must hold the eForms SDK (sdk-1.13.3/) and Hilma's tailoring (hilma-sdk/): ${(err as Error).message}`);
    }
    this.engine.addRule((manager, plan, change) => this.judge(manager, plan, change));
    this.engine.onCommit((manager, plan, change) => this.issue(manager, plan, change));
  }

  /** The notice as XML: the latest version, or the one asked for. */
  async xml(planId: string, caller: Caller, version?: number): Promise<string> {
    const manager = this.dataSource.manager;
    await this.assertCanRead(manager, planId, caller);
    const where = version === undefined ? { planId, subtype: E1_SUBTYPE } : { planId, subtype: E1_SUBTYPE, version };
    const notice = await manager.findOne(NoticeEntity, { where, order: { version: 'DESC' }, select: { id: true, xml: true } });
    if (!notice) {
      if (version === undefined) throw new NotFoundError('notice.notPublished', { planId, subtype: E1_SUBTYPE });
      throw new NotFoundError('notice.versionNotFound', { planId, subtype: E1_SUBTYPE, version });
    }
    return notice.xml;
  }

  async versions(planId: string, caller: Caller): Promise<NoticeVersionView[]> {
    const manager = this.dataSource.manager;
    await this.assertCanRead(manager, planId, caller);
    const rows = await manager.find(NoticeEntity, {
      where: { planId, subtype: E1_SUBTYPE },
      order: { version: 'ASC' },
      select: { id: true, version: true, changesNoticeId: true, answersDeadline: true, issuedAt: true },
    });
    if (rows.length === 0) throw new NotFoundError('notice.notPublished', { planId, subtype: E1_SUBTYPE });
    return rows.map((row) => ({
      version: row.version,
      noticeId: row.id,
      noticeVersion: NOTICE_VERSION,
      changesNoticeId: row.changesNoticeId,
      answersDeadline: row.answersDeadline.toISOString(),
      issuedAt: row.issuedAt.toISOString(),
    }));
  }

  /** Staff read their organisation's notices as they read its plans; anyone signed in reads a notice once it is published (it is public). */
  private async assertCanRead(manager: EntityManager, planId: string, caller: Caller): Promise<void> {
    const plan = await manager.findOne(ProcurementPlanEntity, { where: { id: planId }, select: { id: true, organisationId: true } });
    if (!plan) throw new NotFoundError('plan.notFound', { planId });
    if (caller.role !== 'supplier') return assertCanSee(plan, caller);
    if (!(await manager.exists(NoticeEntity, { where: { planId, subtype: E1_SUBTYPE } })))
      throw new NotFoundError('notice.notPublished', { planId, subtype: E1_SUBTYPE });
  }

  private async judge(manager: EntityManager, plan: ProcurementPlanEntity, change: RuleChange): Promise<void> {
    if (change.kind !== 'event' || change.event.type !== 'PUBLISH_ENGAGEMENT_NOTICE') return;
    const outcome = await this.termsOf(manager, plan, change.event.payload as unknown as NoticePayload);
    if (outcome.terms === null) {
      throw new UnprocessableError('notice.termsMissing', { subtype: E1_SUBTYPE, terms: outcome.missing.map((m) => m.term).join(', ') }, outcome.missing);
    }
  }

  private async termsOf(manager: EntityManager, plan: ProcurementPlanEntity, notice: NoticePayload): Promise<TermsOutcome> {
    return e1TermsOf({
      plan,
      notice,
      profile: await this.organisations.profileOf(manager, plan.organisationId),
      regime: (await this.thresholds.regime(manager, plan)).applies,
      dialogueUrl: `${this.env.PUBLIC_URL.replace(/\/+$/, '')}/app/dialogues/${plan.id}`,
    });
  }

  private async issue(manager: EntityManager, plan: ProcurementPlanEntity, change: CommittedChange): Promise<void> {
    if (change.type === 'PUBLISH_ENGAGEMENT_NOTICE') return this.publish(manager, plan, change);
    if (change.type === 'EXTEND_DIALOGUE_ROUND') return this.followExtension(manager, plan, change);
  }

  private async publish(manager: EntityManager, plan: ProcurementPlanEntity, change: CommittedChange): Promise<void> {
    const notice = plan.snapshot.context.engagementNotice;
    if (!notice) return;
    const outcome = await this.termsOf(manager, plan, notice);
    // The rule refused the event already when a term was missing; a profile cannot change in between.
    if (outcome.terms === null)
      throw new UnprocessableError('notice.termsMissing', { subtype: E1_SUBTYPE, terms: outcome.missing.map((m) => m.term).join(', ') }, outcome.missing);
    const previous = await this.latest(manager, plan.id);
    await this.insert(
      manager,
      plan,
      change,
      extended(
        outcome.terms,
        this.identity(change, previous, () => CHANGE_TEXTS.republished()),
      ),
      previous,
    );
  }

  /** An extended round changes the notice when the notice's answers deadline was that round's close. */
  private async followExtension(manager: EntityManager, plan: ProcurementPlanEntity, change: CommittedChange): Promise<void> {
    const payload = change.payload as { closesAt: string; previous: { closesAt: string } };
    if (payload.closesAt === payload.previous.closesAt) return;
    const previous = await this.latest(manager, plan.id);
    if (!previous || previous.answersDeadline.getTime() !== new Date(payload.previous.closesAt).getTime()) return;
    const at = (instant: string) => {
      const parts = helsinkiParts(instant);
      return `${parts.date.slice(0, 10)} ${parts.time.slice(0, 5)}`;
    };
    const description = CHANGE_TEXTS.answersDeadline(at(payload.previous.closesAt), at(payload.closesAt));
    const { noticeId: _id, issuedAt: _at, changes: _changes, ...content } = previous.terms;
    await this.insert(
      manager,
      plan,
      change,
      extended(content, { answersDeadline: new Date(payload.closesAt).toISOString(), ...this.identity(change, previous, () => description) }),
      previous,
    );
  }

  private identity(change: CommittedChange, previous: NoticeEntity | null, description: () => Texts): Pick<E1Terms, 'noticeId' | 'issuedAt' | 'changes'> {
    return {
      noticeId: randomUUID(),
      issuedAt: change.at.toISOString(),
      changes: previous ? { noticeId: previous.id, version: NOTICE_VERSION, description: description() } : null,
    };
  }

  private async insert(
    manager: EntityManager,
    plan: ProcurementPlanEntity,
    change: CommittedChange,
    terms: E1Terms,
    previous: NoticeEntity | null,
  ): Promise<void> {
    await manager.insert(
      NoticeEntity,
      Object.assign(new NoticeEntity(), {
        id: terms.noticeId,
        planId: plan.id,
        subtype: E1_SUBTYPE,
        version: (previous?.version ?? 0) + 1,
        changesNoticeId: previous?.id ?? null,
        answersDeadline: new Date(terms.answersDeadline),
        auditSeq: plan.auditSeq,
        issuedAt: change.at,
        issuedBy: change.actor.id,
        terms,
        xml: writeE1(this.metadata, terms),
      }),
    );
  }

  private latest(manager: EntityManager, planId: string): Promise<NoticeEntity | null> {
    return manager.findOne(NoticeEntity, { where: { planId, subtype: E1_SUBTYPE }, order: { version: 'DESC' } });
  }
}
