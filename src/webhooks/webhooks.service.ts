import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, In, type EntityManager } from 'typeorm';
import type { Caller } from '../common/auth/caller';
import { Clock } from '../common/clock';
import { BadRequestError, ConflictError, ForbiddenError, NotFoundError, PreconditionFailedError, UnprocessableError } from '../common/errors';
import { CursorCodec, instant, sequence, type Page, type PageQuery } from '../common/pagination';
import { Environment } from '../config/environment';
import { UnitOfWork } from '../database/unit-of-work';
import { isOutgoingEventType } from '../outbox/event-catalogue';
import type { CreateWebhookDto, UpdateWebhookDto } from './dto/webhook.dto';
import { hostOf, parseWebhookUrl, resolveSafely, UnsafeUrlError, assertAllowedHost } from './url-safety';
import { WebhookAttemptEntity, WebhookDeliveryEntity, WebhookSubscriptionEntity } from './webhook.entities';
import { WebhookSecrets } from './webhook-secrets';
import { WebhookSender } from './webhook.sender';
import { ALL_EVENTS, deliveryView, failPending, subscriptionView } from './webhook-subscriptions';
import { extended } from '../common/extended';

/** Enough for every system an organisation connects; more is a mistake or abuse (each one multiplies every event). */
export const MAX_WEBHOOKS_PER_ORGANISATION = 25;
const DELIVERY_ID = /^msg_[0-9a-f]{32}$/;

/** Newest first: the time a delivery was made, then its event's commit position. */
const deliveryCursor = new CursorCodec({ at: instant, p: sequence });

export type SubscriptionView = ReturnType<typeof subscriptionView>;

/**
 * Webhook subscriptions of an organisation, managed by its managers (and admins), and their delivery
 * log. Another organisation's webhooks answer 404, as if the organisation had none.
 */
@Injectable()
export class WebhooksService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
    private readonly secrets: WebhookSecrets,
    private readonly sender: WebhookSender,
    @Inject(Environment) private readonly env: Environment,
  ) {}

  async create(organisation: string, dto: CreateWebhookDto, caller: Caller): Promise<SubscriptionView & { secret: string }> {
    this.assertOrganisation(organisation, caller);
    const events = this.checkEvents(dto.events);
    const url = await this.checkUrl(dto.url);
    const secret = this.secrets.generate();
    const now = this.clock.now();
    const id = randomUUID();
    const subscription = Object.assign(new WebhookSubscriptionEntity(), {
      id,
      organisationId: organisation,
      url,
      events,
      description: dto.description ?? null,
      secret: this.secrets.encrypt(secret, id),
      enabled: true,
      disabledReason: null,
      disabledAt: null,
      version: 1,
      createdAt: now,
      createdBy: caller.id,
      updatedAt: now,
    });
    await this.unitOfWork.run(async (manager) => {
      const count = await manager.count(WebhookSubscriptionEntity, { where: { organisationId: organisation } });
      if (count >= MAX_WEBHOOKS_PER_ORGANISATION) throw new UnprocessableError('webhook.limit', { max: MAX_WEBHOOKS_PER_ORGANISATION });
      await manager.insert(WebhookSubscriptionEntity, subscription);
    });
    return extended(subscriptionView(subscription), { secret });
  }

  async list(organisation: string, caller: Caller): Promise<SubscriptionView[]> {
    this.assertOrganisation(organisation, caller);
    const rows = await this.dataSource.manager.find(WebhookSubscriptionEntity, {
      where: { organisationId: organisation },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    return rows.map(subscriptionView);
  }

  async get(organisation: string, id: string, caller: Caller): Promise<SubscriptionView> {
    this.assertOrganisation(organisation, caller);
    return subscriptionView(await this.load(this.dataSource.manager, organisation, id));
  }

  async update(organisation: string, id: string, dto: UpdateWebhookDto, caller: Caller, expectedVersion?: number): Promise<SubscriptionView> {
    this.assertOrganisation(organisation, caller);
    if (dto.url === undefined && dto.events === undefined && dto.description === undefined && dto.enabled === undefined) {
      throw new BadRequestError('webhook.nothingToChange');
    }
    const events = dto.events === undefined ? undefined : this.checkEvents(dto.events);
    const url = dto.url === undefined ? undefined : await this.checkUrl(dto.url);
    return this.unitOfWork.run(async (manager) => {
      const current = await this.load(manager, organisation, id, { lock: true, expectedVersion });
      const now = this.clock.now();
      const disabling = dto.enabled === false && current.enabled;
      const reason = `Disabled by ${caller.name}.`;
      if (disabling) await failPending(manager, id, reason);
      // A key first: the spreads then extend a literal's own hidden class (src/common/extended.ts).
      const changes: Partial<WebhookSubscriptionEntity> = {
        version: current.version + 1,
        ...(url !== undefined ? { url } : {}),
        ...(events !== undefined ? { events } : {}),
        ...(dto.description !== undefined ? { description: dto.description } : {}),
        ...(dto.enabled === true && !current.enabled ? { enabled: true, disabledReason: null, disabledAt: null } : {}),
        ...(disabling ? { enabled: false, disabledReason: reason, disabledAt: now } : {}),
        updatedAt: now,
      };
      await manager.update(WebhookSubscriptionEntity, { id }, changes);
      return subscriptionView(Object.assign(current, changes));
    });
  }

  async remove(organisation: string, id: string, caller: Caller): Promise<void> {
    this.assertOrganisation(organisation, caller);
    await this.unitOfWork.run(async (manager) => {
      await this.load(manager, organisation, id, { lock: true });
      // Its deliveries and their attempts go with it (ON DELETE CASCADE).
      await manager.delete(WebhookSubscriptionEntity, { id });
    });
  }

  /** A new signing secret, shown in this answer only; deliveries sent from now on are signed with it. */
  async rotateSecret(organisation: string, id: string, caller: Caller): Promise<SubscriptionView & { secret: string }> {
    this.assertOrganisation(organisation, caller);
    const secret = this.secrets.generate();
    return this.unitOfWork.run(async (manager) => {
      const current = await this.load(manager, organisation, id, { lock: true });
      const changes = { secret: this.secrets.encrypt(secret, id), version: current.version + 1, updatedAt: this.clock.now() };
      await manager.update(WebhookSubscriptionEntity, { id }, changes);
      return extended(subscriptionView(Object.assign(current, changes)), { secret });
    });
  }

  /** The delivery log, newest first, each delivery with every attempt. */
  async deliveries(organisation: string, id: string, query: PageQuery, caller: Caller): Promise<Page<ReturnType<typeof deliveryView>>> {
    this.assertOrganisation(organisation, caller);
    const manager = this.dataSource.manager;
    await this.load(manager, organisation, id);
    const after = query.cursor === undefined ? null : deliveryCursor.decode(query.cursor);
    const builder = manager
      .createQueryBuilder(WebhookDeliveryEntity, 'd')
      .where('d.subscription_id = :id', { id })
      .orderBy('d.created_at', 'DESC')
      .addOrderBy('d.event_position', 'DESC')
      .limit(query.limit + 1);
    if (after) {
      builder.andWhere('(d.created_at < :at OR (d.created_at = :at AND d.event_position < :p))', { at: new Date(after.at), p: after.p });
    }
    const rows = await builder.getMany();
    const items = rows.slice(0, query.limit);
    const attempts =
      items.length === 0
        ? []
        : await manager.find(WebhookAttemptEntity, { where: { deliveryId: In(items.map((d) => d.id)) }, order: { attemptedAt: 'ASC', id: 'ASC' } });
    const last = items.at(-1);
    return {
      items: items.map((d) =>
        deliveryView(
          d,
          attempts.filter((a) => a.deliveryId === d.id),
        ),
      ),
      nextCursor: rows.length > query.limit && last ? deliveryCursor.encode({ at: last.createdAt.toISOString(), p: last.eventPosition }) : null,
    };
  }

  /**
   * Sends a delivery again, now, with the same webhook-id and a fresh retry schedule. It waits, as any
   * delivery does, for an older pending one of the same plan.
   */
  async redeliver(organisation: string, id: string, deliveryId: string, caller: Caller) {
    this.assertOrganisation(organisation, caller);
    const view = await this.unitOfWork.run(async (manager) => {
      const subscription = await this.load(manager, organisation, id);
      const delivery = DELIVERY_ID.test(deliveryId)
        ? await manager.findOne(WebhookDeliveryEntity, { where: { id: deliveryId, subscriptionId: id }, ...lockOn(manager) })
        : null;
      if (!delivery) throw new NotFoundError('webhook.deliveryNotFound', { deliveryId });
      if (!subscription.enabled) throw new ConflictError('webhook.disabled', { id });
      const now = this.clock.now();
      if (delivery.status === 'pending' && delivery.leaseUntil && delivery.leaseUntil > now)
        throw new ConflictError('webhook.deliveryInFlight', { deliveryId });
      const changes = { status: 'pending' as const, attempts: 0, nextAttemptAt: now, leaseUntil: null, deliveredAt: null };
      await manager.update(WebhookDeliveryEntity, { id: deliveryId }, changes);
      const attempts = await manager.find(WebhookAttemptEntity, { where: { deliveryId }, order: { attemptedAt: 'ASC', id: 'ASC' } });
      return deliveryView(Object.assign(delivery, changes), attempts);
    });
    this.sender.wake();
    return view;
  }

  /** Managers of the organisation and admins; @Roles has turned every other role away already. */
  private assertOrganisation(organisation: string, caller: Caller): void {
    if (caller.role !== 'admin' && caller.org !== organisation) throw new ForbiddenError('webhook.ownOrganisationOnly', { org: caller.org ?? '' });
  }

  private async load(
    manager: EntityManager,
    organisation: string,
    id: string,
    options: { lock?: boolean; expectedVersion?: number } = {},
  ): Promise<WebhookSubscriptionEntity> {
    const found = await manager.findOne(WebhookSubscriptionEntity, { where: { id, organisationId: organisation }, ...(options.lock ? lockOn(manager) : {}) });
    if (!found) throw new NotFoundError('webhook.notFound', { id });
    if (options.expectedVersion !== undefined && options.expectedVersion !== found.version) {
      throw new PreconditionFailedError('webhook.versionMismatch', { expected: options.expectedVersion, actual: found.version });
    }
    return found;
  }

  /** The event types, each from the catalogue (or "*"), stored as given; "*" alone when it is among them. */
  private checkEvents(events: string[]): string[] {
    const unknown = events.filter((e) => e !== ALL_EVENTS && !isOutgoingEventType(e));
    if (unknown.length > 0) {
      throw new BadRequestError(
        'webhook.eventsUnknown',
        { events: unknown.join(', ') },
        unknown.map((e) => `events: ${e} is not an event type of the catalogue`),
      );
    }
    return events.includes(ALL_EVENTS) ? [ALL_EVENTS] : events;
  }

  /** The URL, refused when its scheme or any address its host resolves to is not allowed. */
  private async checkUrl(text: string): Promise<string> {
    try {
      const url = parseWebhookUrl(text, this.env.WEBHOOK_ALLOW_PRIVATE);
      assertAllowedHost(hostOf(url), this.env.WEBHOOK_ALLOWED_HOSTS);
      await resolveSafely(hostOf(url), this.env.WEBHOOK_ALLOW_PRIVATE, this.env.WEBHOOK_TIMEOUT_MS);
      return url.toString();
    } catch (err) {
      if (err instanceof UnsafeUrlError) throw new BadRequestError(err.code, err.params);
      throw err;
    }
  }
}

const lockOn = (manager: EntityManager) => (manager.connection.options.type === 'postgres' ? { lock: { mode: 'pessimistic_write' as const } } : {});
