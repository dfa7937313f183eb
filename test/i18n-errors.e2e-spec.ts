import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { ERROR_CODES, type ErrorCode } from '../src/common/error-codes';
import { CATALOGUES, translate } from '../src/i18n/catalogue';
import type { MessageParams } from '../src/i18n/format';
import { LANGUAGES, type Language } from '../src/i18n/language';
import { createTestApp, type TestApp } from './support/create-test-app';
import { newPlan, people } from './support/factories';

/** Errors in Finnish, Swedish and English: the same code and params, the message from each catalogue. */
describe('Errors in Finnish, Swedish and English', () => {
  let t: TestApp;
  let officer: string;
  let manager: string;
  let planId: string;

  beforeAll(async () => {
    t = await createTestApp();
    officer = await t.token(people.officer);
    manager = await t.token(people.manager);
    planId = (await t.http().post('/procurements').set('Authorization', `Bearer ${officer}`).send(newPlan()).expect(201)).body.id;
    await t.http().post(`/procurements/${planId}/events`).set('Authorization', `Bearer ${officer}`).send({ type: 'START_NEEDS_ASSESSMENT' }).expect(200);
  });

  afterAll(async () => {
    await t.close({ dropDatabase: true });
  });

  /** The stable fields of an error answer in `language`, its message rendered from that catalogue. */
  function expectError(res: Response, language: Language, status: number, code: ErrorCode, params: MessageParams) {
    expect(res.headers['content-language']).toBe(language);
    expect(ERROR_CODES[code].status).toBe(status);
    expect(res.body).toMatchObject({ statusCode: status, code, params, message: translate(code, params, language) });
    expect(res.body.message).toBe(CATALOGUES[language][code].replace(/\{(\w+)\}/g, (_, name: string) => String(params[name])));
  }

  describe.each(LANGUAGES)('in %s', (language) => {
    it('refuses the same event with the same code, params and requirement ids, each requirement in the language asked for', async () => {
      const res = await t
        .http()
        .post(`/procurements/${planId}/events`)
        .set('Authorization', `Bearer ${officer}`)
        .set('Accept-Language', language)
        .send({ type: 'COMPLETE_NEEDS_ASSESSMENT' })
        .expect(409);
      const ids = ['needs.described', 'needs.usersConsulted', 'needs.strategicGoals', 'needs.rationale'];
      const unmet = ids.map((id) => ({ id, message: CATALOGUES[language][`requirement.${id}`] }));
      expect(res.body.unmet).toEqual(unmet);
      expect(res.body).toMatchObject({ stage: 'needsAssessment', event: 'COMPLETE_NEEDS_ASSESSMENT' });
      expectError(res, language, 409, 'transition.refused', {
        event: 'COMPLETE_NEEDS_ASSESSMENT',
        stage: 'needsAssessment',
        reasons: unmet.map((u) => u.message).join(' '),
      });
    });

    it("names the stage when the stage does not take the event (the engine's own requirement)", async () => {
      const res = await t
        .http()
        .post(`/procurements/${planId}/events`)
        .set('Authorization', `Bearer ${manager}`)
        .set('Accept-Language', language)
        .send({ type: 'APPROVE' })
        .expect(409);
      const message = translate('requirement.stage.acceptsEvent', { stage: 'needsAssessment', event: 'APPROVE' }, language);
      expect(res.body.unmet).toEqual([{ id: 'stage.acceptsEvent', message }]);
      expectError(res, language, 409, 'transition.refused', { event: 'APPROVE', stage: 'needsAssessment', reasons: message });
    });

    it('names each invalid field once, with the code of the rule it breaks, in the language asked for', async () => {
      const res = await t
        .http()
        .post('/procurements')
        .set('Authorization', `Bearer ${officer}`)
        .set('Accept-Language', language)
        .send(newPlan({ title: undefined, description: 'x'.repeat(20001) }))
        .expect(400);
      const issues: Array<{ field: string; code: ErrorCode; params: MessageParams }> = [
        { field: 'title', code: 'validation.required', params: { field: 'title' } },
        { field: 'description', code: 'validation.maxLength', params: { field: 'description', max: 20000 } },
      ];
      const details = issues.map((d) => ({ ...d, message: translate(d.code, d.params, language) }));
      expect(res.body.details).toEqual(details);
      expectError(res, language, 400, 'validation.failed', { problems: details.map((d) => d.message).join('; ') });
    });

    it('answers a plan that does not exist with plan.notFound and its id', async () => {
      const missing = randomUUID();
      const res = await t.http().get(`/procurements/${missing}`).set('Authorization', `Bearer ${officer}`).set('Accept-Language', language).expect(404);
      expectError(res, language, 404, 'plan.notFound', { planId: missing });
    });

    it('gives errors of the HTTP layer and of authentication codes and texts of their own', async () => {
      const route = await t.http().get('/nowhere').set('Accept-Language', language).expect(404);
      expectError(route, language, 404, 'route.notFound', { method: 'GET', path: '/nowhere' });
      const json = await t
        .http()
        .post('/procurements')
        .set('Authorization', `Bearer ${officer}`)
        .set('Accept-Language', language)
        .set('Content-Type', 'application/json')
        .send('{"title":');
      expectError(json, language, 400, 'request.malformedJson', {});
      const anonymous = await t.http().get('/procurements').set('Accept-Language', language).expect(401);
      expectError(anonymous, language, 401, 'auth.headerRequired', {});
    });
  });

  it('keeps the same code and params in every language: only the message differs', async () => {
    const answers = await Promise.all(
      LANGUAGES.map((language) =>
        t
          .http()
          .post(`/procurements/${planId}/events`)
          .set('Authorization', `Bearer ${officer}`)
          .set('Accept-Language', language)
          .send({ type: 'NO_SUCH_EVENT' }),
      ),
    );
    const [en, ...others] = answers.map((res) => res.body as { code: string; params: MessageParams; message: string });
    expect(en.code).toBe('event.unknown');
    for (const other of others) {
      expect({ code: other.code, params: other.params }).toEqual({ code: en.code, params: en.params });
      expect(other.message).not.toBe(en.message);
    }
  });

  it('answers in DEFAULT_LANGUAGE when the request names no language it has', async () => {
    const finnish = await createTestApp({ env: { DEFAULT_LANGUAGE: 'fi' } });
    try {
      const token = await finnish.token(people.officer);
      const missing = randomUUID();
      const res = await finnish.http().get(`/procurements/${missing}`).set('Authorization', `Bearer ${token}`).set('Accept-Language', 'de').expect(404);
      expectError(res, 'fi', 404, 'plan.notFound', { planId: missing });
    } finally {
      await finnish.close({ dropDatabase: true });
    }
  });
});
