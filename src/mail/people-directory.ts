import { Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Caller } from '../common/auth/caller';
import { Clock } from '../common/clock';
import { UnitOfWork } from '../database/unit-of-work';
import { isLanguage, type Language } from '../i18n/language';
import { PersonEntity } from './mail.entities';
import { extended } from '../common/extended';

/** People remembered per instance; beyond this the oldest is forgotten (and written again when next seen). */
const MAX_REMEMBERED = 10_000;

/** What the directory keeps from a token: who the person is and where the token says to write. */
type FromToken = Pick<PersonEntity, 'id' | 'organisationId' | 'role' | 'name' | 'email' | 'language'>;

/** Where and how to write to a person: their choice over the token's. */
export interface Preferences {
  email: string | null;
  language: Language;
  reminders: boolean;
  emailChosen: boolean;
  languageChosen: boolean;
}

/** The address and language notifications to this person use. */
export function preferencesOf(person: PersonEntity): Preferences {
  const chosenLanguage = isLanguage(person.chosenLanguage) ? person.chosenLanguage : null;
  const language = chosenLanguage ?? (isLanguage(person.language) ? person.language : 'fi');
  return {
    email: person.chosenEmail ?? person.email,
    language,
    reminders: person.reminders,
    emailChosen: person.chosenEmail !== null,
    languageChosen: chosenLanguage !== null,
  };
}

/**
 * The people directory (decision 0023): officers, managers and admins as their verified tokens
 * describe them, so that an e-mail can find the owner of a plan or the managers of an organisation.
 * A request is on the hot path, so each instance remembers what it last stored per person and writes
 * only when the token says something new (a new person, a new name, address or language).
 */
@Injectable()
export class PeopleDirectory {
  private readonly logger = new Logger(PeopleDirectory.name);
  /** Person id → what this instance last stored (or found stored) for them. */
  private readonly stored = new Map<string, string>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  /** True when nothing new would be recorded for the caller: the request path then skips the directory altogether. */
  isCurrent(caller: Caller, requestLanguage: Language): boolean {
    return caller.role === 'supplier' || this.stored.get(caller.id) === JSON.stringify(fromToken(caller, requestLanguage));
  }

  /** Records the caller when what the token says differs from what was stored last. Never rejects. */
  async see(caller: Caller, requestLanguage: Language): Promise<void> {
    if (caller.role === 'supplier') return;
    const person = fromToken(caller, requestLanguage);
    const key = JSON.stringify(person);
    if (this.stored.get(person.id) === key) return;
    try {
      await this.unitOfWork.run((manager) => this.upsert(manager, person), { lockWaitMs: 0 });
      this.remember(person.id, key);
    } catch (err) {
      // Not the request's business: it goes on, and the next request of this person tries again.
      this.logger.warn({ err, personId: person.id }, 'Could not record the person in the people directory');
    }
  }

  /** The caller's notification settings (recorded first when the token says something new). */
  async preferences(caller: Caller, requestLanguage: Language): Promise<Preferences> {
    await this.see(caller, requestLanguage);
    const stored = await this.dataSource.manager.findOne(PersonEntity, { where: { id: caller.id } });
    // Not stored only when recording failed just now: the token's values are what would apply.
    return preferencesOf(
      stored ?? Object.assign(new PersonEntity(), fromToken(caller, requestLanguage), { chosenEmail: null, chosenLanguage: null, reminders: true }),
    );
  }

  /** Saves the caller's choice: `email` null or left out follows the token's address again. */
  async choose(caller: Caller, requestLanguage: Language, choice: { email?: string | null; language: Language; reminders: boolean }): Promise<Preferences> {
    return this.unitOfWork.run(async (manager) => {
      const person = await this.ensure(manager, caller, requestLanguage);
      const chosen = { chosenEmail: choice.email ?? null, chosenLanguage: choice.language, reminders: choice.reminders };
      await manager.update(PersonEntity, { id: person.id }, chosen);
      return preferencesOf(Object.assign(person, chosen));
    });
  }

  private async ensure(manager: EntityManager, caller: Caller, requestLanguage: Language): Promise<PersonEntity> {
    const person = fromToken(caller, requestLanguage);
    await this.upsert(manager, person);
    this.remember(person.id, JSON.stringify(person));
    return (await manager.findOne(PersonEntity, { where: { id: person.id } }))!;
  }

  /** Inserts the person or refreshes what the token says; their own choices and `reminders` stay. */
  private async upsert(manager: EntityManager, person: FromToken): Promise<void> {
    await manager.upsert(PersonEntity, extended(person, { businessId: null, seenAt: this.clock.now() }), { conflictPaths: ['id'] });
  }

  private remember(id: string, key: string): void {
    this.stored.delete(id);
    if (this.stored.size >= MAX_REMEMBERED) this.stored.delete(this.stored.keys().next().value!);
    this.stored.set(id, key);
  }
}

function fromToken(caller: Caller, requestLanguage: Language): FromToken {
  return { id: caller.id, organisationId: caller.org, role: caller.role, name: caller.name, email: caller.email, language: caller.locale ?? requestLanguage };
}
