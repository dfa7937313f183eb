import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HTTP, type CloudEvent } from 'cloudevents';
import { Webhook } from 'standardwebhooks';
import type { TestApp } from './support/create-test-app';
import { newPlan } from './support/factories';
import { settleOutbound } from './support/outbound';

/** One request the receiver got, its signature verified with the standardwebhooks package and its CloudEvent parsed. */
export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  webhookId: string;
  event: CloudEvent<Record<string, unknown>>;
}

/** What the receiver answers: a status and headers. */
export interface Answer {
  status: number;
  headers?: Record<string, string>;
}

/**
 * A real webhook receiver on 127.0.0.1, as a customer would run one: it verifies every request's
 * signature with `Webhook.verify` against the secret registered for its path, parses the CloudEvent,
 * and answers what the test scripted for the path (204 otherwise). A request that fails verification
 * is kept in `rejected` and answered 401, so a test sees it.
 */
export class WebhookReceiver {
  readonly received: Received[] = [];
  readonly rejected: Array<{ path: string; reason: string }> = [];
  private readonly secrets = new Map<string, string>();
  private readonly scripts = new Map<string, Answer[]>();
  private server: Server | null = null;
  private port = 0;

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const path = req.url ?? '/';
        const body = Buffer.concat(chunks).toString('utf8');
        const answer = this.answerFor(path, req.headers, body);
        res.writeHead(answer.status, answer.headers ?? {}).end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  /** The secret deliveries to `path` are signed with (from the create or rotate answer). */
  secretFor(path: string, secret: string): void {
    this.secrets.set(path, secret);
  }

  /** The answers to the next requests to `path`, in order; 204 once they are used up. */
  script(path: string, ...answers: Answer[]): void {
    this.scripts.set(path, answers);
  }

  at(path: string): Received[] {
    return this.received.filter((r) => r.path === path);
  }

  private answerFor(path: string, headers: IncomingHttpHeaders, body: string): Answer {
    const secret = this.secrets.get(path);
    if (!secret) {
      this.rejected.push({ path, reason: 'no secret registered for the path' });
      return { status: 401 };
    }
    try {
      new Webhook(secret).verify(body, headers as Record<string, string>);
      const event = HTTP.toEvent({ headers, body }) as CloudEvent<Record<string, unknown>>;
      this.received.push({ path, headers, body, webhookId: String(headers['webhook-id']), event });
    } catch (err) {
      this.rejected.push({ path, reason: (err as Error).message });
      return { status: 401 };
    }
    return this.scripts.get(path)?.shift() ?? { status: 204 };
  }
}

export interface WebhookFixture {
  webhookId: string;
  /** A delivered delivery of the webhook (of a plan.created event). */
  deliveryId: string;
}

/**
 * A webhook of the manager's organisation at `path` of the receiver, subscribed to plan.created, with
 * one delivery made and delivered. The app must run with WEBHOOK_ALLOW_PRIVATE=true.
 */
export async function webhookWithDelivery(
  t: TestApp,
  tokens: { manager: string; officer: string },
  organisation: string,
  receiver: WebhookReceiver,
  path: string,
): Promise<WebhookFixture> {
  const created = await t
    .http()
    .post(`/organisations/${organisation}/webhooks`)
    .set('Authorization', `Bearer ${tokens.manager}`)
    .send({ url: receiver.url(path), events: ['plan.created'] });
  if (created.status !== 201) throw new Error(`Creating the fixture webhook answered ${created.status}: ${JSON.stringify(created.body)}`);
  receiver.secretFor(path, created.body.secret as string);
  const plan = await t.http().post('/procurements').set('Authorization', `Bearer ${tokens.officer}`).send(newPlan());
  if (plan.status !== 201) throw new Error(`Creating the fixture plan answered ${plan.status}`);
  await settleOutbound(t);
  const log = await t.http().get(`/organisations/${organisation}/webhooks/${created.body.id}/deliveries`).set('Authorization', `Bearer ${tokens.manager}`);
  const delivery = (log.body.items as Array<{ id: string; status: string }>)[0];
  if (delivery?.status !== 'delivered') throw new Error(`The fixture delivery is not delivered: ${JSON.stringify(log.body)}`);
  return { webhookId: created.body.id as string, deliveryId: delivery.id };
}
