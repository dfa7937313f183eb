import { WorkflowRegistry } from '../workflows/registry';
import { REQUIREMENTS } from '../workflows/common/requirements';
import { CATALOGUES } from '../src/i18n/catalogue';
import { createTestApp, type TestApp } from './support/create-test-app';
import { newPlan, people } from './support/factories';

/** The workflow as data, and a plan's next steps, in the language the request asks for. */
describe('Workflows and next steps in Finnish, Swedish and English', () => {
  let t: TestApp;
  let officer: string;
  const def = new WorkflowRegistry().get('digigreen-planning', 1)!;

  beforeAll(async () => {
    t = await createTestApp();
    officer = await t.token(people.officer);
  });

  afterAll(async () => {
    await t.close({ dropDatabase: true });
  });

  const get = (path: string, language?: string) => {
    const req = t.http().get(path).set('Authorization', `Bearer ${officer}`);
    return (language ? req.set('Accept-Language', language) : req).expect(200);
  };

  it.each(['fi', 'sv', 'en'] as const)('GET /workflows/digigreen-planning/versions/1 in %s', async (language) => {
    const res = await get('/workflows/digigreen-planning/versions/1', language);
    const texts = CATALOGUES[language];
    expect(res.headers['content-language']).toBe(language);
    expect(res.body.title).toBe(texts['workflow.digigreen-planning.title']);
    expect(res.body.stages.map((s: { title: string }) => s.title)).toEqual(def.stages.map((s) => texts[`stage.${s.id}.title`]));
    const approve = res.body.events.find((e: { type: string }) => e.type === 'APPROVE');
    expect(approve.description).toBe(texts['event.APPROVE']);
    const requirements = res.body.events.flatMap((e: { from: Array<{ requirements: Array<{ id: string; message: string }> }> }) =>
      e.from.flatMap((f) => f.requirements),
    );
    expect(requirements.length).toBeGreaterThan(10);
    for (const r of requirements) expect(r.message).toBe(texts[`requirement.${r.id}`]);
  });

  it('negotiates the language: regional variants, weights, and the default for anything else', async () => {
    expect((await get('/workflows', 'sv-FI')).headers['content-language']).toBe('sv');
    expect((await get('/workflows', 'de, fi;q=0.5, sv;q=0.8')).headers['content-language']).toBe('sv');
    expect((await get('/workflows', 'de')).headers['content-language']).toBe('en');
    expect((await get('/workflows')).headers['content-language']).toBe('en');
    const list = (await get('/workflows', 'fi')).body as Array<{ id: string; title: string }>;
    expect(list.find((w) => w.id === 'small-procurement')?.title).toBe(CATALOGUES.fi['workflow.small-procurement.title']);
  });

  it("answers a plan's next steps in the reader's language, with the same requirement ids", async () => {
    const created = await t.http().post('/procurements').set('Authorization', `Bearer ${officer}`).send(newPlan()).expect(201);
    await t
      .http()
      .post(`/procurements/${created.body.id}/events`)
      .set('Authorization', `Bearer ${officer}`)
      .send({ type: 'START_NEEDS_ASSESSMENT' })
      .expect(200);
    const complete = async (language: 'fi' | 'sv' | 'en') =>
      (
        (await get(`/procurements/${created.body.id}`, language)).body.transitions as Array<{
          event: string;
          description: string;
          unmet: Array<{ id: string; message: string }>;
        }>
      ).find((o) => o.event === 'COMPLETE_NEEDS_ASSESSMENT')!;
    const en = await complete('en');
    expect(en.unmet.map((u) => u.id)).toEqual(['needs.described', 'needs.usersConsulted', 'needs.strategicGoals', 'needs.rationale']);
    for (const language of ['fi', 'sv'] as const) {
      const option = await complete(language);
      expect(option.description).toBe(CATALOGUES[language]['event.COMPLETE_NEEDS_ASSESSMENT']);
      expect(option.unmet).toEqual(en.unmet.map((u) => ({ id: u.id, message: CATALOGUES[language][`requirement.${u.id}`] })));
      expect(option.unmet.map((u) => u.message)).not.toEqual(en.unmet.map((u) => REQUIREMENTS.get(u.id)!.message));
    }
  });
});
