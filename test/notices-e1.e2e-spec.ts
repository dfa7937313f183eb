import { jest } from '@jest/globals';
import { ManualClock } from '../src/common/clock';
import type { TokenClaims } from '../src/common/auth/token.service';
import { createTestApp, type TestApp } from './support/create-test-app';
import { digestDatabase, digestDifference } from './support/db-digest';
import { DAY } from './support/dialogue';
import { EformsValidator, unexpectedNationalXsdErrors, type NoticeValidation } from './support/eforms-validation';
import { DIGIGREEN_WALK, newPlan, people, runStep } from './support/factories';
import { settleOutbound } from './support/outbound';

jest.setTimeout(180_000);

/** An officer of an organisation that has stated no profile. */
const turkuOfficer = { sub: 'officer-turku', name: 'Tuula Officer', role: 'officer', org: 'city-of-turku' } satisfies TokenClaims;

const UNTIL_NOTICE = DIGIGREEN_WALK.findIndex((s) => s.event.type === 'PUBLISH_ENGAGEMENT_NOTICE');

/**
 * The engagement notice as an eForms E1 notice (issue 14): three different plans validate against the
 * SDK's XSD, the static schematron's eforms-E1 phase and Hilma's FI-Validation-E1.sch; a notice
 * missing business terms is refused naming them, storing nothing; an extended round issues a change
 * notice that refers to the previous one and validates too; published notices never change.
 */
describe('E1 notices', () => {
  const clock = new ManualClock(new Date());
  let t: TestApp;
  let validator: EformsValidator;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp({ clock });
    for (const [key, claims] of Object.entries({ ...people, turkuOfficer })) tokens[key] = await t.token(claims);
    validator = EformsValidator.create();
  });

  afterAll(async () => {
    await t.close({ dropDatabase: true });
  });

  const as = (who: string) => ({ Authorization: `Bearer ${tokens[who]}` });
  const notice = (id: string, who = 'officer', query = '') => t.http().get(`/procurements/${id}/notices/e1${query}`).set(as(who));

  /** Creates a plan and walks it to the market analysis, where the notice is published. */
  async function planAtNotice(body: object, officer = 'officer'): Promise<string> {
    const created = await t.http().post('/procurements').set(as(officer)).send(body).expect(201);
    const walkTokens = { ...tokens, officer: tokens[officer] };
    for (const step of DIGIGREEN_WALK.slice(0, UNTIL_NOTICE)) expect((await runStep(t, walkTokens, created.body.id, step)).status).toBe(200);
    return created.body.id as string;
  }

  const publish = (id: string, payload: object, officer = 'officer') =>
    t
      .http()
      .post(`/procurements/${id}/events`)
      .set(as(officer))
      .send({ type: 'PUBLISH_ENGAGEMENT_NOTICE', ...payload });

  async function validated(label: string, xml: string): Promise<NoticeValidation> {
    const result = await validator.validate(xml);
    const beyondKnown = unexpectedNationalXsdErrors(result.nationalXsd);
    console.log(
      `E1 ${label}: XSD errors ${result.xsd.length}; national XSD errors beyond the known FI-11 contradiction ${beyondKnown.length}; ` +
        `static schematron eforms-E1 failed asserts ${result.staticE1.length}; FI-Validation-E1 failed asserts ${result.hilmaE1.length}`,
    );
    expect({ xsd: result.xsd, nationalXsd: beyondKnown, staticE1: result.staticE1, hilmaE1: result.hilmaE1 }).toEqual({
      xsd: [],
      nationalXsd: [],
      staticE1: [],
      hilmaE1: [],
    });
    return result;
  }

  /**
   * The SDK 1.13 code list is NUTS 2024, where Pirkanmaa is FI19B (FI197 in NUTS 2021): the eforms-E1
   * rules refuse the older code (BR-BT-00507-0205), so the Tampere profile states the current one.
   */
  async function useNuts2024(org: string, manager: string, nuts: string): Promise<void> {
    const {
      organisation: _o,
      version: _v,
      updatedAt: _u,
      missingForNotices: _m,
      ...profile
    } = (await t.http().get(`/organisations/${org}/profile`).set(as(manager)).expect(200)).body;
    const stated = Object.fromEntries(Object.entries({ ...profile, address: { ...profile.address, nuts } }).filter(([, v]) => v !== null));
    stated.officialName = Object.fromEntries(Object.entries(profile.officialName).filter(([, v]) => v !== null));
    stated.address = Object.fromEntries(Object.entries(stated.address as object).filter(([, v]) => v !== null));
    await t.http().put(`/organisations/${org}/profile`).set(as(manager)).send(stated).expect(200);
  }

  const inFuture = (days: number) => new Date(Math.floor((clock.now().getTime() + days * DAY) / 60_000) * 60_000).toISOString();

  const PLANS = [
    {
      label: 'the README laptops (supplies, EU regime, Espoo, Finnish and Swedish)',
      officer: 'officer',
      plan: newPlan(),
      notice: {
        title: 'Markkinavuoropuhelu: kunnostetut kannettavat tietokoneet',
        description: 'Kutsumme toimittajat tietopyyntöön ja toimittajatilaisuuteen.',
        process: 'Tietopyyntö, toimittajatilaisuus ja kahdenväliset tapaamiset.',
        titleSv: 'Marknadsdialog: renoverade bärbara datorer',
        descriptionSv: 'Vi bjuder in leverantörer till en informationsförfrågan och en leverantörsträff.',
        answersDeadline: inFuture(14),
        contactPoint: { name: 'Anna Officer', email: 'hankinnat@espoo.fi', phone: '+358 9 816 21' },
      },
      expect: { nature: 'supplies', cpv: '30213100', eu: 'true', swedish: true },
    },
    {
      label: 'a waste-collection service (services, national regime, Espoo, Finnish only)',
      officer: 'officer',
      plan: newPlan({
        title: 'Jätehuolto kaupungin kiinteistöihin',
        description: 'Sekajätteen, biojätteen ja kartongin keräys 120 kiinteistöstä.',
        cpvCode: '90511000-2',
        estimatedValue: { amount: 180_000, currency: 'EUR' },
      }),
      notice: {
        title: 'Markkinavuoropuhelu: jätehuolto',
        description: 'Haluamme kuulla keräyksen vähäpäästöisistä ratkaisuista.',
        process: 'Tietopyyntö ja kahdenväliset tapaamiset.',
        registrationUntil: inFuture(20).slice(0, 10),
        submissionLanguages: ['FIN'],
        documentsUrl: 'https://www.espoo.fi/hankinnat/jatehuolto',
      },
      expect: { nature: 'services', cpv: '90511000', eu: 'false', swedish: false },
    },
    {
      label: 'a works contract (works, EU regime stated, Tampere, Finnish and Swedish)',
      officer: 'otherOrgOfficer',
      plan: newPlan({
        title: 'Kalevan koulun peruskorjaus',
        description: 'Koulurakennuksen peruskorjaus ja energiatehokkuuden parantaminen.',
        cpvCode: '45453000-7',
        estimatedValue: { amount: 6_000_000, currency: 'EUR' },
        contractType: 'works',
      }),
      notice: {
        title: 'Markkinavuoropuhelu: Kalevan koulun peruskorjaus',
        description: 'Kutsumme urakoitsijat kertomaan vähähiilisistä korjausratkaisuista.',
        process: 'Toimittajatilaisuus ja luonnosten kommenttikierros.',
        titleSv: 'Marknadsdialog: renovering av Kalevan koulu',
        descriptionSv: 'Vi bjuder in entreprenörer att berätta om koldioxidsnåla renoveringslösningar.',
        answersDeadline: inFuture(30),
        euDirectiveApplies: true,
      },
      expect: { nature: 'works', cpv: '45453000', eu: 'true', swedish: true },
    },
  ];

  const planIds: string[] = [];

  it.each(PLANS.map((p, i) => [p.label, i] as const))(
    '%s: the notice validates against the XSD, the eforms-E1 phase and FI-Validation-E1',
    async (label, i) => {
      const p = PLANS[i];
      if (p.officer === 'otherOrgOfficer') await useNuts2024('city-of-tampere', 'otherOrgManager', 'FI19B');
      const id = await planAtNotice(p.plan, p.officer);
      planIds[i] = id;
      await notice(id, p.officer).expect(404);
      await publish(id, p.notice, p.officer).expect(200);
      const res = await notice(id, p.officer).expect(200);
      expect(res.headers['content-type']).toMatch(/^application\/xml/);
      const xml = res.text;
      await validated(label, xml);
      expect(xml).toContain('<PriorInformationNotice xmlns="urn:oasis:names:specification:ubl:schema:xsd:PriorInformationNotice-2"');
      expect(xml).toContain('<cbc:CustomizationID>eforms-sdk-1.13</cbc:CustomizationID>');
      expect(xml).toContain('<cbc:SubTypeCode listName="notice-subtype">E1</cbc:SubTypeCode>');
      expect(xml).toContain(`<cbc:ProcurementTypeCode listName="contract-nature">${p.expect.nature}</cbc:ProcurementTypeCode>`);
      expect(xml).toContain(`<cbc:ItemClassificationCode listName="cpv">${p.expect.cpv}</cbc:ItemClassificationCode>`);
      expect(xml).toContain(`<hilma:IsEUApplicableConstraintIndicator>${p.expect.eu}</hilma:IsEUApplicableConstraintIndicator>`);
      expect(xml).toContain(`<cbc:Name languageID="FIN">${p.notice.title}</cbc:Name>`);
      if (p.expect.swedish) {
        expect(xml).toContain(`<cbc:Name languageID="SWE">${p.notice.titleSv}</cbc:Name>`);
        expect(xml).toContain(`<cbc:Description languageID="SWE">${p.notice.descriptionSv}</cbc:Description>`);
        expect(xml).toMatch(/<cbc:Name languageID="SWE">(Esbo stad|Tammerfors stad)<\/cbc:Name>/);
        expect(xml).toContain('<cac:AdditionalNoticeLanguage>');
      } else {
        expect(xml).not.toContain('languageID="SWE"');
      }
      expect(xml).toMatch(/<cbc:Name languageID="FIN">(Espoon kaupunki|Tampereen kaupunki)<\/cbc:Name>/);
    },
  );

  it('refuses a notice that lacks business terms with 422 naming their BT ids, and stores nothing', async () => {
    const id = await planAtNotice(newPlan({ title: 'Kirjaston kalusteet', cpvCode: '39155000-2' }), 'turkuOfficer');
    // What the walk committed is handed on first (outbox, e-mail); the people directory notes every
    // caller (last seen); everything else must stay as it was.
    await settleOutbound(t);
    const before = await digestDatabase(t, { except: ['people'] });
    const refused = await publish(id, { title: 'Markkinavuoropuhelu: kalusteet', description: 'Tietopyyntö.', process: 'Tietopyyntö.' }, 'turkuOfficer').expect(
      422,
    );
    expect(refused.body).toMatchObject({
      code: 'notice.termsMissing',
      params: { subtype: 'E1', terms: 'BT-500, BT-501, BT-11, BT-10, BT-513, BT-507, BT-506, BT-800' },
    });
    expect(refused.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ term: 'BT-501', source: expect.stringContaining('businessId') })]));
    const fi = await publish(id, { title: 'T', description: 'D', process: 'P' }, 'turkuOfficer').set('Accept-Language', 'fi').expect(422);
    expect(fi.body.message).toMatch(/E1-ilmoituksesta puuttuvat .*BT-800/);
    expect(digestDifference(before, await digestDatabase(t, { except: ['people'] }))).toBeNull();
    await notice(id, 'turkuOfficer')
      .expect(404)
      .expect((res) => expect(res.body.code).toBe('notice.notPublished'));
  });

  it('issues a change notice when the round closing at the answers deadline is extended; it refers to the previous notice and validates', async () => {
    const id = planIds[0];
    const first = (await notice(id).expect(200)).text;
    const deadline = PLANS[0].notice.answersDeadline!;
    await t.http().post(`/procurements/${id}/events`).set(as('officer')).send({ type: 'START_MARKET_DIALOGUE' }).expect(200);
    const round = await t
      .http()
      .post(`/procurements/${id}/dialogue/rounds`)
      .set(as('officer'))
      .send({
        type: 'supplierDay',
        title: 'Toimittajatilaisuus',
        description: 'Esittelemme tarpeen.',
        opensAt: clock.now().toISOString(),
        questionsUntil: inFuture(5),
        clarificationsUntil: inFuture(7),
        closesAt: deadline,
      })
      .expect(201);
    expect((await t.http().get(`/procurements/${id}/notices/e1/versions`).set(as('officer')).expect(200)).body).toHaveLength(1);
    const extended = inFuture(21);
    await t.http().patch(`/procurements/${id}/dialogue/rounds/${round.body.id}`).set(as('officer')).send({ closesAt: extended }).expect(200);

    const versions = (await t.http().get(`/procurements/${id}/notices/e1/versions`).set(as('manager')).expect(200)).body;
    expect(versions).toEqual([
      expect.objectContaining({ version: 1, changesNoticeId: null, answersDeadline: new Date(deadline).toISOString(), noticeVersion: '01' }),
      expect.objectContaining({ version: 2, changesNoticeId: versions[0].noticeId, answersDeadline: new Date(extended).toISOString(), noticeVersion: '01' }),
    ]);
    const second = (await notice(id).expect(200)).text;
    await validated('change notice after the extension', second);
    expect(second).toContain(`<efbc:ChangedNoticeIdentifier>${versions[0].noticeId}-01</efbc:ChangedNoticeIdentifier>`);
    expect(second).toContain(`<cbc:ID schemeName="notice-id">${versions[1].noticeId}</cbc:ID>`);
    expect(second).toMatch(/<efbc:ChangeDescription languageID="FIN">Vastausten määräaikaa on jatkettu/);
    expect(second).toMatch(/<efbc:ChangeDescription languageID="SWE">Tidsfristen för svar har förlängts/);
    expect((await notice(id, 'officer', '?version=1').expect(200)).text).toBe(first);
    await notice(id, 'officer', '?version=3')
      .expect(404)
      .expect((res) => expect(res.body.code).toBe('notice.versionNotFound'));

    // Extending another deadline of the round, or a round the notice does not name, changes nothing.
    await t
      .http()
      .patch(`/procurements/${id}/dialogue/rounds/${round.body.id}`)
      .set(as('officer'))
      .send({ questionsUntil: inFuture(6) })
      .expect(200);
    expect((await t.http().get(`/procurements/${id}/notices/e1/versions`).set(as('officer')).expect(200)).body).toHaveLength(2);
  });

  it('never changes a published notice when the plan or the profile changes later', async () => {
    const id = planIds[0];
    const before = [(await notice(id, 'officer', '?version=1').expect(200)).text, (await notice(id).expect(200)).text];
    await t.http().patch(`/procurements/${id}`).set(as('officer')).send({ title: 'A new title after publication' }).expect(200);
    const profile = (await t.http().get('/organisations/city-of-espoo/profile').set(as('manager')).expect(200)).body;
    await t
      .http()
      .put('/organisations/city-of-espoo/profile')
      .set(as('manager'))
      .send({
        authorityKind: profile.authorityKind,
        officialName: { fi: 'Espoon kaupunki (uusi)', sv: 'Esbo stad' },
        businessId: profile.businessId,
        legalType: profile.legalType,
        mainActivity: profile.mainActivity,
        address: { city: 'Espoo', nuts: 'FI1B1' },
        email: 'uusi@espoo.fi',
      })
      .expect(200);
    expect([(await notice(id, 'officer', '?version=1').expect(200)).text, (await notice(id).expect(200)).text]).toEqual(before);
  });

  it('lets staff of the organisation read the notice, suppliers once it is published, nobody of another organisation', async () => {
    const [published, waste] = planIds;
    await notice(published, 'manager').expect(200);
    await notice(published, 'admin').expect(200);
    await notice(published, 'supplier').expect(200);
    await notice(published, 'otherOrgOfficer').expect(404);
    await notice(waste, 'supplier').expect(200);
    const unpublished = await planAtNotice(newPlan());
    await notice(unpublished, 'supplier')
      .expect(404)
      .expect((res) => expect(res.body.code).toBe('notice.notPublished'));
  });
});
