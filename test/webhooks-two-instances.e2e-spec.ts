import { createServer, type Server } from 'node:http';
import { Webhook } from 'standardwebhooks';
import { createTestApp } from './support/create-test-app';
import { ESPOO, newPlan, people } from './support/factories';
import { createTestDatabase, testDriver } from './support/test-database';

/**
 * Issue 12, must show 3: two instances of the service on one PostgreSQL database, both dispatching
 * and sending at once while 500 events are committed through both. Every event reaches each of two
 * subscriptions exactly once (a repeat would carry the same webhook-id), in commit order per plan,
 * every signature verifying.
 */

const onPostgres = testDriver() === 'postgres' ? describe : describe.skip;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Arrival {
  path: string;
  webhookId: string;
  eventId: string;
  planId: string;
  version: number;
}

onPostgres('Webhooks from two instances on one PostgreSQL database', () => {
  it('delivers 500 events exactly once per subscription, in per-plan order, signed', async () => {
    const arrivals: Arrival[] = [];
    const invalid: string[] = [];
    const verifiers = new Map<string, Webhook>();
    const receiver: Server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        try {
          const event = verifiers.get(req.url!)!.verify(body, req.headers as Record<string, string>) as {
            id: string;
            subject: string;
            data: { plan: { version: number } };
          };
          arrivals.push({
            path: req.url!,
            webhookId: String(req.headers['webhook-id']),
            eventId: event.id,
            planId: event.subject,
            version: event.data.plan.version,
          });
          res.writeHead(204).end();
        } catch (err) {
          invalid.push(String(err));
          res.writeHead(400).end();
        }
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const port = (receiver.address() as { port: number }).port;

    const database = await createTestDatabase('postgres');
    const env = { WEBHOOK_ALLOW_PRIVATE: 'true', OUTBOX_POLL_INTERVAL_MS: '50' };
    const first = await createTestApp({ database, env });
    const second = await createTestApp({ database, env });
    try {
      const manager = await first.token(people.manager);
      const officer = await first.token(people.officer);
      for (const path of ['/a', '/b']) {
        const created = await first
          .http()
          .post(`/organisations/${ESPOO}/webhooks`)
          .set('Authorization', `Bearer ${manager}`)
          .send({ url: `http://127.0.0.1:${port}${path}`, events: ['plan.created', 'plan.updated'] })
          .expect(201);
        verifiers.set(path, new Webhook(created.body.secret));
      }
      const plans: string[] = [];
      for (let p = 0; p < 10; p++)
        plans.push((await second.http().post('/procurements').set('Authorization', `Bearer ${officer}`).send(newPlan()).expect(201)).body.id);
      await Promise.all(
        plans.map(async (planId) => {
          for (let i = 0; i < 49; i++) {
            const app = i % 2 === 0 ? first : second;
            await app
              .http()
              .patch(`/procurements/${planId}`)
              .set('Authorization', `Bearer ${officer}`)
              .send({ rationale: `Edit ${i}` })
              .expect(200);
          }
        }),
      );
      const deadline = Date.now() + 60_000;
      const distinct = () => new Set(arrivals.map((a) => `${a.path} ${a.eventId}`)).size;
      while (distinct() < 1000 && Date.now() < deadline) await sleep(100);
      await sleep(1000);

      expect(invalid).toEqual([]);
      for (const path of ['/a', '/b']) {
        const mine = arrivals.filter((a) => a.path === path);
        const byEvent = new Map<string, Set<string>>();
        for (const a of mine) byEvent.set(a.eventId, (byEvent.get(a.eventId) ?? new Set()).add(a.webhookId));
        expect(byEvent.size).toBe(500);
        // A repeat (none expected with both instances alive) would carry the same webhook-id.
        expect([...byEvent.values()].every((ids) => ids.size === 1)).toBe(true);
        expect(mine.length).toBe(500);
        for (const planId of plans) {
          expect(mine.filter((a) => a.planId === planId).map((a) => a.version)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
        }
      }
      // One attempt per delivery: neither instance sent what the other had claimed.
      const attempts = await first.dataSource.query('SELECT COUNT(*) AS n FROM webhook_attempts');
      expect(Number(attempts[0].n)).toBe(1000);
    } finally {
      await first.close();
      await second.close({ dropDatabase: true });
      receiver.closeAllConnections();
      await new Promise<void>((resolve) => receiver.close(() => resolve()));
    }
  }, 180_000);
});
