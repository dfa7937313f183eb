import { createTestApp, type TestApp } from './support/create-test-app';
import { DIGIGREEN_WALK, newPlan, people, runStep } from './support/factories';

/**
 * Plan answers are written by planAnswerJson (src/procurements/plan-answer.ts), which splices kept
 * texts of the events a plan cannot take. Every answer must still be exactly what JSON.stringify
 * writes, under Fastify's JSON content type: checked here at every stage of a walk, for each role
 * and language, on every route that answers with a plan.
 */
describe('Plan answers, as written on the wire', () => {
  let t: TestApp;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp();
    for (const [key, claims] of Object.entries(people)) tokens[key] = await t.token(claims);
  });

  afterAll(async () => {
    await t.close({ dropDatabase: true });
  });

  /** The view's keys in the order planDetail writes them (src/procurements/procurement.view.ts). */
  const KEYS = [
    ...['id', 'ocid', 'title', 'cpvCode', 'estimatedValue', 'organisation', 'owner', 'team', 'contractType', 'workflow', 'stage', 'version'],
    ...['stageEnteredAt', 'lastEventAt', 'nextDeadlineAt', 'createdAt', 'updatedAt', 'description', 'rationale', 'records', 'regime', 'tags', 'transitions'],
  ];
  const asWritten = (res: { text: string; headers: Record<string, string> }) => ({
    contentType: res.headers['content-type'],
    canonical: res.text === JSON.stringify(JSON.parse(res.text)),
    keys: Object.keys(JSON.parse(res.text) as object),
  });
  const expected = { contentType: 'application/json; charset=utf-8', canonical: true, keys: KEYS };

  it('is exactly what JSON.stringify writes at every stage of a walk, for each role and language, from every route', async () => {
    const created = await t.http().post('/procurements').set('Authorization', `Bearer ${tokens.officer}`).send(newPlan()).expect(201);
    expect(asWritten(created)).toEqual(expected);
    const planId: string = created.body.id;
    const edited = await t
      .http()
      .patch(`/procurements/${planId}`)
      .set('Authorization', `Bearer ${tokens.officer}`)
      .send({ rationale: 'Refurbished devices halve embodied carbon.' })
      .expect(200);
    expect(asWritten(edited)).toEqual(expected);
    const stages = new Set<string>();
    for (const step of DIGIGREEN_WALK) {
      const moved = await runStep(t, tokens, planId, step);
      expect({ status: moved.status, ...asWritten(moved) }).toEqual({ status: 200, ...expected });
      stages.add(moved.body.stage as string);
      for (const who of ['officer', 'manager', 'admin'])
        for (const language of ['en', 'fi', 'sv']) {
          const read = await t.http().get(`/procurements/${planId}`).set('Authorization', `Bearer ${tokens[who]}`).set('Accept-Language', language).expect(200);
          expect({ who, language, ...asWritten(read) }).toEqual({ who, language, ...expected });
          // The same plan read twice (the second from kept texts) is the same answer.
          const again = await t
            .http()
            .get(`/procurements/${planId}`)
            .set('Authorization', `Bearer ${tokens[who]}`)
            .set('Accept-Language', language)
            .expect(200);
          expect(again.text).toBe(read.text);
        }
    }
    expect(stages.size).toBeGreaterThan(5);
    // An answer that is not a plan on the same routes (an error) is written as before.
    const refused = await t
      .http()
      .post(`/procurements/${planId}/events`)
      .set('Authorization', `Bearer ${tokens.officer}`)
      .send({ type: 'START_NEEDS_ASSESSMENT' });
    expect({ status: refused.status, ...asWritten(refused) }).toEqual({
      status: 409,
      ...expected,
      keys: ['statusCode', 'error', 'code', 'message', 'params', 'stage', 'event', 'unmet'],
    });
  });
});
