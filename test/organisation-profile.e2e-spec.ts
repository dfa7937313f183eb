import { createTestApp, TEST_PROFILES, type TestApp } from './support/create-test-app';
import { digestDatabase } from './support/db-digest';
import { newPlan, people } from './support/factories';

/** The organisation profile (issues 13 and 14): what notices and exports name the buyer by, stated once by a manager. */
describe('Organisation profile', () => {
  let t: TestApp;
  const tokens: Record<string, string> = {};
  const OULU = 'city-of-oulu';
  const ouluManager = { sub: 'manager-olli', name: 'Olli Manager', role: 'manager' as const, org: OULU };
  const ouluOfficer = { sub: 'officer-outi', name: 'Outi Officer', role: 'officer' as const, org: OULU };
  const oulu = {
    authorityKind: 'subCentral',
    officialName: { fi: 'Oulun kaupunki', sv: 'Uleåborgs stad' },
    businessId: '0187690-1',
    legalType: 'la',
    mainActivity: 'gen-pub',
    address: { street: 'Torikatu 10', postalCode: '90100', city: 'Oulu', nuts: 'FI1D9' },
    email: 'kirjaamo@ouka.fi',
  };

  beforeAll(async () => {
    t = await createTestApp();
    for (const [key, claims] of Object.entries({ ...people, ouluManager, ouluOfficer })) tokens[key] = await t.token(claims);
  });

  afterAll(async () => {
    await t.close({ dropDatabase: true });
  });

  const as = (who: string) => ({ Authorization: `Bearer ${tokens[who]}` });
  const put = (org: string, body: object, who = 'ouluManager') => t.http().put(`/organisations/${org}/profile`).set(as(who)).send(body);

  it('starts with the defaults and names every business term notices still need', async () => {
    const empty = (await t.http().get(`/organisations/${OULU}/profile`).set(as('ouluOfficer')).expect(200)).body;
    expect(empty).toEqual({
      organisation: OULU,
      authorityKind: 'subCentral',
      officialName: { fi: null, sv: null, en: null },
      businessId: null,
      legalType: null,
      mainActivity: null,
      address: { street: null, postalCode: null, city: null, country: 'FIN', nuts: null },
      email: null,
      phone: null,
      website: null,
      version: 0,
      updatedAt: null,
      missingForNotices: ['BT-500', 'BT-501', 'BT-11', 'BT-10', 'BT-513', 'BT-507', 'BT-506'],
    });
  });

  it('refuses a business id with a wrong check digit, an unknown legal type or activity, and a malformed NUTS code, naming each field; nothing stored', async () => {
    const before = await digestDatabase(t);
    const refused = await put(OULU, {
      ...oulu,
      businessId: '0187690-2',
      legalType: 'municipality',
      mainActivity: 'roads',
      address: { ...oulu.address, nuts: 'Oulu' },
    }).expect(400);
    expect(refused.body.code).toBe('validation.failed');
    expect(refused.body.details.map((d: { field: string; code: string }) => [d.field, d.code])).toEqual(
      expect.arrayContaining([
        ['businessId', 'validation.format'],
        ['legalType', 'validation.oneOf'],
        ['mainActivity', 'validation.oneOf'],
        ['address.nuts', 'validation.format'],
      ]),
    );
    await put(OULU, { ...oulu, officialName: { fi: '   ' } }).expect(400);
    await put(OULU, { ...oulu, email: 'not-an-address' }).expect(400);
    expect(await digestDatabase(t)).toEqual(before);
  });

  it("is stated by the organisation's managers only, recorded in the organisation's trail", async () => {
    await put(OULU, oulu, 'ouluOfficer').expect(403);
    await put(OULU, oulu, 'manager').expect(403);
    const stated = (await put(OULU, oulu).expect(200)).body;
    expect(stated).toMatchObject({
      officialName: { fi: 'Oulun kaupunki', sv: 'Uleåborgs stad', en: null },
      businessId: '0187690-1',
      version: 1,
      missingForNotices: [],
    });
    // The same again records nothing; a change is a new version.
    expect((await put(OULU, oulu).expect(200)).body.version).toBe(1);
    expect((await put(OULU, { ...oulu, website: 'https://www.ouka.fi' }).expect(200)).body).toMatchObject({ version: 2, website: 'https://www.ouka.fi' });
    const trail = await t.http().get(`/organisations/${OULU}/history/verify`).set(as('ouluManager')).expect(200);
    expect(trail.body).toMatchObject({ intact: true, events: 2 });
    await t.http().get(`/organisations/${OULU}/profile`).set(as('officer')).expect(403);
    await t.http().get(`/organisations/${OULU}/profile`).set(as('supplier')).expect(403);
  });

  it('names the buyer in the OCDS release by its official name and business id', async () => {
    const plan = (await t.http().post('/procurements').set(as('officer')).send(newPlan()).expect(201)).body;
    const release = (await t.http().get(`/procurements/${plan.id}/ocds`).set(as('officer')).expect(200)).body.releases[0];
    const espoo = TEST_PROFILES['city-of-espoo'];
    expect(release.buyer).toEqual({ id: `FI-PRO-${espoo.businessId}`, name: 'Espoon kaupunki' });
    expect(release.parties[0]).toMatchObject({
      id: `FI-PRO-${espoo.businessId}`,
      name: 'Espoon kaupunki',
      identifier: { scheme: 'FI-PRO', id: espoo.businessId },
      address: { locality: 'Espoo', postalCode: '02770', countryName: 'Finland' },
      contactPoint: { email: 'kirjaamo@espoo.fi' },
      roles: ['buyer', 'procuringEntity'],
    });
  });
});
