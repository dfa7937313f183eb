import { CRITERION_TEMPLATES, TEMPLATE_TEXT_FIELDS, templateMessageKey } from '../src/criteria/criterion-templates';
import { CATALOGUES } from '../src/i18n/catalogue';
import { LANGUAGES, type Language } from '../src/i18n/language';
import { createTestApp, type TestApp } from './support/create-test-app';
import { DIGIGREEN_WALK, newPlan, people, runStep } from './support/factories';

/** Leaves a plan in criteriaAndStrategy: the walk up to COMPLETE_CRITERIA. */
const TO_CRITERIA = DIGIGREEN_WALK.slice(
  0,
  DIGIGREEN_WALK.findIndex((s) => s.event.type === 'COMPLETE_CRITERIA'),
);

const text = (language: Language, id: string, field: (typeof TEMPLATE_TEXT_FIELDS)[number]) => CATALOGUES[language][templateMessageKey(id, field)];

describe('Criterion templates in Finnish, Swedish and English', () => {
  let t: TestApp;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp();
    for (const [key, claims] of Object.entries(people)) tokens[key] = await t.token(claims);
  });

  afterAll(async () => {
    await t.close({ dropDatabase: true });
  });

  const auth = (who: string) => `Bearer ${tokens[who]}`;

  async function planInCriteria(): Promise<string> {
    const created = await t.http().post('/procurements').set('Authorization', auth('officer')).send(newPlan()).expect(201);
    for (const step of TO_CRITERIA) expect((await runStep(t, tokens, created.body.id, step)).status).toBe(200);
    return created.body.id;
  }

  it.each(LANGUAGES)('GET /criteria/templates with Accept-Language: %s answers with the catalogue texts in that language', async (language) => {
    const res = await t.http().get('/criteria/templates').set('Authorization', auth('supplier')).set('Accept-Language', language).expect(200);
    expect(res.headers['content-language']).toBe(language);
    expect(res.body.map((x: { id: string }) => x.id)).toEqual(CRITERION_TEMPLATES.map((x) => x.id));
    for (const template of CRITERION_TEMPLATES) {
      const answered = res.body.find((x: { id: string }) => x.id === template.id);
      expect(answered).toEqual({
        ...template,
        title: text(language, template.id, 'title'),
        text: text(language, template.id, 'text'),
        verification: text(language, template.id, 'verification'),
        ...(template.subjectLink === undefined ? {} : { subjectLink: text(language, template.id, 'subjectLink') }),
      });
      expect(answered.sourceReference).toBe(template.sourceReference);
    }
  });

  it('answers in English without Accept-Language, and negotiates regional tags and weights', async () => {
    const plain = await t.http().get('/criteria/templates?category=energy').set('Authorization', auth('officer')).expect(200);
    expect(plain.headers['content-language']).toBe('en');
    expect(plain.body.map((x: { title: string }) => x.title)).toEqual(['Renewable electricity', 'New renewable generation']);

    const finlandSwedish = await t
      .http()
      .get('/criteria/templates?category=energy')
      .set('Authorization', auth('officer'))
      .set('Accept-Language', 'sv-FI, fi;q=0.8, en;q=0.5');
    expect(finlandSwedish.status).toBe(200);
    expect(finlandSwedish.headers['content-language']).toBe('sv');
    expect(finlandSwedish.body.map((x: { title: string }) => x.title)).toEqual(['Förnybar el', 'Ny förnybar elproduktion']);
  });

  it('stores a criterion added from a template with Accept-Language: sv in Swedish; fields sent explicitly win', async () => {
    const planId = await planInCriteria();
    const added = await t
      .http()
      .post(`/procurements/${planId}/criteria`)
      .set('Authorization', auth('officer'))
      .set('Accept-Language', 'sv')
      .send({ templateId: 'ict-battery-endurance', weight: 20 })
      .expect(201);
    expect(added.headers['content-language']).toBe('sv');
    const swedish = {
      title: text('sv', 'ict-battery-endurance', 'title'),
      text: text('sv', 'ict-battery-endurance', 'text'),
      verification: text('sv', 'ict-battery-endurance', 'verification'),
      subjectLink: text('sv', 'ict-battery-endurance', 'subjectLink'),
    };
    expect(swedish.title).toBe('Batteriets livslängd');
    expect(added.body).toMatchObject({
      ...swedish,
      weight: 20,
      templateId: 'ict-battery-endurance',
      sourceReference: CRITERION_TEMPLATES.find((x) => x.id === 'ict-battery-endurance')?.sourceReference,
    });

    const own = await t
      .http()
      .post(`/procurements/${planId}/criteria`)
      .set('Authorization', auth('officer'))
      .set('Accept-Language', 'sv')
      .send({ templateId: 'ict-durability-warranty', title: 'Garanti och reservdelar för bärbara datorer' })
      .expect(201);
    expect(own.body.title).toBe('Garanti och reservdelar för bärbara datorer');
    expect(own.body.text).toBe(text('sv', 'ict-durability-warranty', 'text'));

    const sql = 'SELECT template_id, title, text, verification, subject_link FROM criteria WHERE plan_id = ? ORDER BY position';
    const rows = await t.dataSource.query(t.database.driver === 'postgres' ? sql.replace('?', '$1') : sql, [planId]);
    expect(rows).toEqual([
      { template_id: 'ict-battery-endurance', title: swedish.title, text: swedish.text, verification: swedish.verification, subject_link: swedish.subjectLink },
      {
        template_id: 'ict-durability-warranty',
        title: 'Garanti och reservdelar för bärbara datorer',
        text: text('sv', 'ict-durability-warranty', 'text'),
        verification: text('sv', 'ict-durability-warranty', 'verification'),
        subject_link: null,
      },
    ]);

    const listed = await t.http().get(`/procurements/${planId}/criteria`).set('Authorization', auth('manager')).set('Accept-Language', 'fi').expect(200);
    expect(listed.body.criteria[0].title).toBe(swedish.title); // stored texts stay in the language they were written in
  });

  it('takes Finnish texts on PUT with Accept-Language: fi, and English by default', async () => {
    const planId = await planInCriteria();
    const replaced = await t
      .http()
      .put(`/procurements/${planId}/criteria`)
      .set('Authorization', auth('officer'))
      .set('Accept-Language', 'fi')
      .send({ criteria: [{ templateId: 'food-organic-share' }, { templateId: 'transport-service-emissions', weight: 100 }] })
      .expect(200);
    expect(replaced.body.criteria.map((c: { title: string }) => c.title)).toEqual([
      text('fi', 'food-organic-share', 'title'),
      text('fi', 'transport-service-emissions', 'title'),
    ]);
    expect(replaced.body.criteria[1].subjectLink).toBe(text('fi', 'transport-service-emissions', 'subjectLink'));

    const english = await t
      .http()
      .put(`/procurements/${planId}/criteria`)
      .set('Authorization', auth('officer'))
      .send({ criteria: [{ templateId: 'food-organic-share' }] })
      .expect(200);
    expect(english.body.criteria[0].text).toBe(CRITERION_TEMPLATES.find((x) => x.id === 'food-organic-share')?.text);
  });
});
