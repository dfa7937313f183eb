import { Inject, Injectable, Logger } from '@nestjs/common';
import { In, LessThanOrEqual, MoreThan, type EntityManager } from 'typeorm';
import { Environment } from '../config/environment';
import { DialogueRoundEntity, EnquiryEntity, MeetingEntity, MeetingSlotEntity, SupplierRegistrationEntity } from '../dialogue/dialogue.entities';
import { isLanguage, type Language } from '../i18n/language';
import type { MailMessageKey } from '../i18n/messages/mail.en';
import type { DispatchedEvent } from '../outbox/outbox.consumer';
import { ProcurementPlanEntity } from '../engine/procurement-plan.entity';
import { moment, oneLine, say, type Letter } from './letter';
import { PersonEntity } from './mail.entities';
import { preferencesOf } from './people-directory';

export type RecipientRole = 'supplier' | 'officer' | 'manager';

/** One e-mail to write: to whom, in which language, what. */
export interface Outgoing {
  recipient: string;
  role: RecipientRole;
  letter: Letter;
}

type Data = Record<string, unknown>;
type RoundDates = { opensAt: string; questionsUntil: string; clarificationsUntil: string; closesAt: string };
const ROUND_DATES = ['opensAt', 'questionsUntil', 'clarificationsUntil', 'closesAt'] as const;

/** A supplier's dialogue, as its e-mails name it. */
interface SupplierView {
  plan: ProcurementPlanEntity;
  /** The published notice's title: a supplier never reads the buyer's working title. */
  title: string;
  registration: SupplierRegistrationEntity;
  language: Language;
}

/** A person of the buying organisation, as their e-mails name the plan. */
interface StaffView {
  plan: ProcurementPlanEntity;
  person: PersonEntity;
  email: string;
  language: Language;
}

/**
 * Decides who is told of a dispatched event and writes each one's e-mail (decision 0023). Recipients
 * are read when the event is dispatched, inside the dispatcher's transaction: the suppliers registered
 * when it happened (at their registration's address, in its language), the plan's owner, or the
 * organisation's managers (at their address in the people directory, in their language).
 */
@Injectable()
export class MailComposer {
  private readonly logger = new Logger(MailComposer.name);
  private readonly consoleUrl: string;

  constructor(@Inject(Environment) env: Environment) {
    this.consoleUrl = `${env.PUBLIC_URL.replace(/\/+$/, '')}/app`;
  }

  async compose(manager: EntityManager, event: DispatchedEvent): Promise<Outgoing[]> {
    const data = event.data as Data;
    switch (event.type) {
      case 'dialogue.roundScheduled': {
        const round = data.round as RoundDates & { id: string };
        const title = await this.roundTitle(manager, round.id);
        return this.toSuppliers(manager, event, {}, (s, say) => ({
          subject: say('mail.roundScheduled.subject', { title: s.title }),
          paragraphs: [say('mail.roundScheduled.intro', { buyer: s.plan.organisationId, round: title, title: s.title })],
          facts: ROUND_DATES.map((field) => ({ label: say(`mail.round.${field}`), value: moment(s.language, round[field]) })),
        }));
      }
      case 'dialogue.roundExtended': {
        const round = data.round as RoundDates & { id: string };
        const previous = data.previous as RoundDates;
        const title = await this.roundTitle(manager, round.id);
        return this.toSuppliers(manager, event, {}, (s, say) => ({
          subject: say('mail.roundExtended.subject', { title: s.title }),
          paragraphs: [say('mail.roundExtended.intro', { buyer: s.plan.organisationId, round: title, title: s.title })],
          facts: ROUND_DATES.filter((field) => field !== 'opensAt').map((field) => ({
            label: say(`mail.round.${field}`),
            value:
              previous[field] === round[field]
                ? moment(s.language, round[field])
                : say('mail.roundExtended.change', { previous: moment(s.language, previous[field]), current: moment(s.language, round[field]) }),
          })),
        }));
      }
      case 'dialogue.roundClosing': {
        const round = data.round as { id: string; closesAt: string };
        const row = await manager.findOne(DialogueRoundEntity, { where: { id: round.id } });
        return this.toSuppliers(manager, event, { remindersOnly: true }, (s, say) => ({
          subject: say('mail.roundClosing.subject', { title: s.title }),
          paragraphs: [say('mail.roundClosing.intro', { round: row?.title ?? '', title: s.title, closesAt: moment(s.language, round.closesAt) })],
          facts: [
            ...(row ? [{ label: say('mail.round.questionsUntil'), value: moment(s.language, row.questionsUntil) }] : []),
            { label: say('mail.round.closesAt'), value: moment(s.language, round.closesAt) },
          ],
        }));
      }
      case 'dialogue.answerPublished': {
        const ids = data.questionIds as string[];
        // The questions' texts only: who asked is never told.
        const questions = ids.length > 0 ? await manager.find(EnquiryEntity, { where: { id: In(ids) }, order: { askedAt: 'ASC' } }) : [];
        return this.toSuppliers(manager, event, {}, (s, say) => ({
          subject: say('mail.answerPublished.subject', { title: s.title }),
          paragraphs: [say('mail.answerPublished.intro', { buyer: s.plan.organisationId, title: s.title })],
          quotes: [
            { label: say('mail.answerPublished.questions'), texts: questions.map((q) => q.question) },
            { label: say('mail.answerPublished.answer'), texts: [String(data.text)] },
          ],
        }));
      }
      case 'dialogue.meetingOffered': {
        const offered = new Set(data.businessIds as string[]);
        if (offered.size === 0) return [];
        // The round's slots still free when the mail is written: the suppliers book one of them.
        const roundId = String(data.roundId);
        const slots = await manager.find(MeetingSlotEntity, { where: { roundId, startsAt: MoreThan(event.occurredAt) }, order: { startsAt: 'ASC' } });
        const booked = new Set((await manager.find(MeetingEntity, { where: { roundId }, select: { slotId: true } })).map((m) => m.slotId));
        const free = slots.filter((slot) => !booked.has(slot.id));
        return this.toSuppliers(manager, event, { only: offered }, (s, say) => ({
          subject: say('mail.meetingOffered.subject', { title: s.title }),
          paragraphs: [say('mail.meetingOffered.intro', { buyer: s.plan.organisationId, title: s.title })],
          facts: [
            { label: say('mail.meetingOffered.duration'), value: say('mail.minutes', { minutes: Number(data.durationMinutes) }) },
            ...free.map((slot) => ({ label: say('mail.meetingOffered.when'), value: moment(s.language, slot.startsAt) })),
          ],
        }));
      }
      case 'dialogue.meetingBooked':
      case 'dialogue.meetingDeclined': {
        const supplier = await manager.findOne(SupplierRegistrationEntity, { where: { planId: event.planId, businessId: String(data.businessId) } });
        const name = supplier?.name ?? String(data.businessId);
        if (event.type === 'dialogue.meetingDeclined') {
          return this.toOwner(manager, event, '/dialogue', (o, say) => ({
            subject: say('mail.meetingDeclined.subject', { title: o.plan.title }),
            paragraphs: [say('mail.meetingDeclined.intro', { supplier: name, title: o.plan.title })],
            facts: typeof data.startsAt === 'string' ? [{ label: say('mail.meetingDeclined.freed'), value: moment(o.language, data.startsAt) }] : [],
          }));
        }
        const previous = typeof data.previousStartsAt === 'string' ? data.previousStartsAt : null;
        return this.toOwner(manager, event, '/dialogue', (o, say) => ({
          subject: say('mail.meetingBooked.subject', { title: o.plan.title }),
          paragraphs: [say(previous ? 'mail.meetingMoved.intro' : 'mail.meetingBooked.intro', { supplier: name, title: o.plan.title })],
          facts: [
            { label: say('mail.meetingBooked.when'), value: moment(o.language, String(data.startsAt)) },
            { label: say('mail.meetingOffered.duration'), value: say('mail.minutes', { minutes: Number(data.durationMinutes) }) },
            ...(previous ? [{ label: say('mail.meetingBooked.previous'), value: moment(o.language, previous) }] : []),
          ],
        }));
      }
      case 'dialogue.summaryPublished':
        return this.toSuppliers(manager, event, {}, (s, say) => ({
          subject: say('mail.summaryPublished.subject', { title: s.title }),
          paragraphs: [say('mail.summaryPublished.intro', { buyer: s.plan.organisationId, title: s.title })],
          quotes: [
            { label: say('mail.summaryPublished.summary'), texts: [String(data.summary)] },
            { label: say('mail.summaryPublished.inputUse'), texts: [String(data.inputUse)] },
          ],
        }));
      case 'plan.cancelled':
        return this.toSuppliers(manager, event, {}, (s, say) => ({
          subject: say('mail.planCancelled.subject', { title: s.title }),
          paragraphs: [say('mail.planCancelled.intro', { buyer: s.plan.organisationId, title: s.title })],
          quotes: [{ label: say('mail.planCancelled.reason'), texts: [String(data.reason)] }],
        }));
      case 'dialogue.questionAsked': {
        const question = await manager.findOne(EnquiryEntity, { where: { id: String(data.questionId) } });
        const round = await manager.findOne(DialogueRoundEntity, { where: { id: String(data.roundId) } });
        if (!question || !round) return [];
        // The question, never who asked it: the officer sees that in the console.
        return this.toOwner(manager, event, '/dialogue', (o, say) => ({
          subject: say('mail.questionAsked.subject', { title: o.plan.title }),
          paragraphs: [say('mail.questionAsked.intro', { title: o.plan.title, round: round.title, until: moment(o.language, round.clarificationsUntil) })],
          quotes: [{ label: say('mail.questionAsked.question'), texts: [question.question] }],
        }));
      }
      case 'dialogue.responsesDigest': {
        const rounds = data.rounds as Array<{ title: string; responses: number; suppliers: number }>;
        return this.toOwner(manager, event, '/dialogue', (o, say) => ({
          subject: say('mail.responsesDigest.subject', { title: o.plan.title }),
          paragraphs: [say('mail.responsesDigest.intro', { title: o.plan.title, since: moment(o.language, String(data.since)) })],
          facts: rounds.map((r) => ({ label: r.title, value: say('mail.responsesDigest.counts', { responses: r.responses, suppliers: r.suppliers }) })),
        }));
      }
      case 'approval.decided': {
        const decision = data.decision === 'approved' ? 'approved' : 'returned';
        const comment = typeof data.comment === 'string' && data.comment.trim() !== '' ? data.comment : null;
        return this.toOwner(manager, event, '', (o, say) => ({
          subject: say(`mail.approvalDecided.${decision}.subject`, { title: o.plan.title }),
          paragraphs: [say(`mail.approvalDecided.${decision}.intro`, { by: event.data.actor?.name ?? o.plan.organisationId, title: o.plan.title })],
          quotes: comment ? [{ label: say('mail.approvalDecided.comment'), texts: [comment] }] : [],
        }));
      }
      case 'approval.requested': {
        const reason = typeof data.reason === 'string' && data.reason.trim() !== '' ? data.reason : null;
        return this.toManagers(manager, event, false, (m, say) => ({
          subject: say('mail.approvalRequested.subject', { title: m.plan.title }),
          paragraphs: [
            say('mail.approvalRequested.intro', { by: event.data.actor?.name ?? m.plan.organisationId, title: m.plan.title }),
            ...(reason ? [say('mail.approvalRequested.again', { reason })] : []),
          ],
        }));
      }
      case 'approval.waiting':
        return this.toManagers(manager, event, true, (m, say) => ({
          subject: say('mail.approvalWaiting.subject', { title: m.plan.title, days: Number(data.days) }),
          paragraphs: [say('mail.approvalWaiting.intro', { title: m.plan.title, since: moment(m.language, String(data.requestedAt)) })],
        }));
      // Every event type is named: a new one is a decision about mail, not silently none.
      // Responses are mailed as the daily digest (dialogue.responsesDigest), not one by one.
      case 'criteria.changed':
      case 'dialogue.clarificationsClosed':
      case 'dialogue.draftCommentReceived':
      case 'dialogue.meetingHeld':
      case 'dialogue.questionDismissed':
      case 'dialogue.registrationUpdated':
      case 'dialogue.responseReceived':
      case 'dialogue.roundClosed':
      case 'dialogue.supplierRegistered':
      case 'lifeCycleCost.changed':
      case 'notice.statisticsOverridden':
      case 'plan.closedUnsuccessful':
      case 'plan.created':
      case 'plan.eventRecorded':
      case 'plan.goalsDeclared':
      case 'plan.stageChanged':
      case 'plan.teamChanged':
      case 'plan.tenderLinked':
      case 'plan.updated':
      case 'plan.workflowMigrated':
      default:
        return [];
    }
  }

  /**
   * The suppliers registered in the plan's dialogue when the event happened, each in its own
   * language at its contact address; `only` narrows them by business id, `remindersOnly` leaves out
   * those who opted out of reminders.
   */
  private async toSuppliers(
    manager: EntityManager,
    event: DispatchedEvent,
    options: { only?: ReadonlySet<string>; remindersOnly?: boolean },
    write: (s: SupplierView, say: Say) => Body,
  ): Promise<Outgoing[]> {
    const registrations = await manager.find(SupplierRegistrationEntity, {
      where: { planId: event.planId, registeredAt: LessThanOrEqual(event.occurredAt) },
      order: { registeredAt: 'ASC' },
    });
    const chosen = registrations.filter((r) => (!options.only || options.only.has(r.businessId)) && (!options.remindersOnly || r.reminders));
    if (chosen.length === 0) return [];
    const plan = await this.plan(manager, event);
    if (!plan) return [];
    const title = plan.snapshot.context.engagementNotice?.title ?? plan.title;
    return chosen.map((registration) => {
      const language = isLanguage(registration.language) ? registration.language : 'fi';
      const view = { plan, title, registration, language };
      return {
        recipient: registration.contactEmail,
        role: 'supplier' as const,
        letter: this.letter(language, write(view, sayIn(language)), {
          buyer: plan.organisationId,
          link: { key: 'mail.link.dialogue', url: `${this.consoleUrl}/dialogues/${plan.id}` },
          footer: say(language, 'mail.footer.supplier', { supplier: registration.name }),
        }),
      };
    });
  }

  /** The plan's owner, at the address the people directory has for them; nobody when it has none. */
  private async toOwner(manager: EntityManager, event: DispatchedEvent, tab: string, write: (o: StaffView, say: Say) => Body): Promise<Outgoing[]> {
    const plan = await this.plan(manager, event);
    if (!plan) return [];
    const person = await manager.findOne(PersonEntity, { where: { id: plan.ownerId } });
    const staff = person && this.staffView(plan, person);
    if (!staff) {
      this.logger.debug({ eventId: event.id, ownerId: plan.ownerId }, "No e-mail address for the plan's owner; not told");
      return [];
    }
    return [{ recipient: staff.email, role: 'officer', letter: this.staffLetter(staff, write(staff, sayIn(staff.language)), tab) }];
  }

  /** The managers of the plan's organisation with an address; `reminder`: only those who want reminders. */
  private async toManagers(manager: EntityManager, event: DispatchedEvent, reminder: boolean, write: (m: StaffView, say: Say) => Body): Promise<Outgoing[]> {
    const plan = await this.plan(manager, event);
    if (!plan) return [];
    const people = await manager.find(PersonEntity, { where: { organisationId: plan.organisationId, role: 'manager' }, order: { id: 'ASC' } });
    return people
      .filter((person) => !reminder || person.reminders)
      .map((person) => this.staffView(plan, person))
      .filter((staff): staff is StaffView => staff !== null)
      .map((staff) => ({ recipient: staff.email, role: 'manager' as const, letter: this.staffLetter(staff, write(staff, sayIn(staff.language)), '') }));
  }

  private staffView(plan: ProcurementPlanEntity, person: PersonEntity): StaffView | null {
    const { email, language } = preferencesOf(person);
    return email ? { plan, person, email, language } : null;
  }

  private staffLetter(staff: StaffView, body: Body, tab: string): Letter {
    return this.letter(staff.language, body, {
      buyer: null,
      link: { key: 'mail.link.plan', url: `${this.consoleUrl}/plans/${staff.plan.id}${tab}` },
      footer: say(staff.language, 'mail.footer.staff', { organisation: staff.plan.organisationId }),
    });
  }

  private letter(language: Language, body: Body, frame: { buyer: string | null; link: { key: MailMessageKey; url: string }; footer: string }): Letter {
    return {
      language,
      subject: oneLine(body.subject, 400),
      paragraphs: body.paragraphs,
      // Suppliers learn which buyer writes; the buying organisation's own people know.
      facts: [...(frame.buyer ? [{ label: say(language, 'mail.buyer'), value: frame.buyer }] : []), ...(body.facts ?? [])],
      quotes: (body.quotes ?? []).filter((q) => q.texts.length > 0),
      link: { label: say(language, frame.link.key), url: frame.link.url },
      footer: [frame.footer, say(language, 'mail.automatic')],
    };
  }

  private plan(manager: EntityManager, event: DispatchedEvent): Promise<ProcurementPlanEntity | null> {
    return manager.findOne(ProcurementPlanEntity, { where: { id: event.planId } });
  }

  private async roundTitle(manager: EntityManager, roundId: string): Promise<string> {
    return (await manager.findOne(DialogueRoundEntity, { where: { id: roundId }, select: { id: true, title: true } }))?.title ?? '';
  }
}

/** What one kind of e-mail says; the frame (buyer, link, footer) is the same for all. */
interface Body {
  subject: string;
  paragraphs: string[];
  facts?: Letter['facts'];
  quotes?: Letter['quotes'];
}

type Say = (key: MailMessageKey, params?: Record<string, string | number>) => string;
const sayIn =
  (language: Language): Say =>
  (key, params = {}) =>
    say(language, key, params);
