import type { Browser, Page } from 'playwright-core';
import {
  apiCall,
  devToken,
  settledOverflow,
  launchBrowser,
  newConsoleContext,
  screenshot,
  seriousAxeFindings,
  startConsoleServer,
  watchProblems,
  type AxeFinding,
  type ConsoleServer,
} from './support/console';
import { consoleTexts, type Language } from './support/texts';

/**
 * The console's journeys in Debian's Chromium against the real service on a fresh database, as
 * people would walk them: (a) an officer creates a plan, walks it into market dialogue and schedules
 * an RFI round; (b) a supplier registers, answers the RFI (with the keyboard only) and asks a question;
 * (c) the officer publishes one answer to the duplicate questions and the suppliers read it; (d) the
 * plan goes on to approval and a manager approves it. Everything in Finnish, and a second supplier's
 * journey in Swedish. axe audits every page the journeys pass (WCAG 2.1 A and AA); the officer's plan
 * page is checked at 360 px; screenshots of the main pages go to docs/screenshots/.
 *
 * The database holds a seeded portfolio of two organisations besides the journeys' own plan. The
 * RFI round's deadlines are a few minutes ahead, so the round really closes by its own timer
 * while the suite runs; the officer then ends the dialogue.
 */

const fi = consoleTexts('fi');
const ESPOO = 'city-of-espoo';
const OFFICER = { id: 'officer-city-of-espoo-1', name: 'Minna Heikkinen' };
const MANAGER = { id: 'manager-city-of-espoo-2', name: 'Ville Lehtonen' };
const ESPOO_PROFILE = {
  authorityKind: 'subCentral',
  officialName: { fi: 'Espoon kaupunki', sv: 'Esbo stad', en: 'City of Espoo' },
  businessId: '0101263-6',
  legalType: 'la',
  mainActivity: 'gen-pub',
  address: { street: 'Espoonkatu 5', postalCode: '02770', city: 'Espoo', country: 'FIN', nuts: 'FI1B1' },
  email: 'kirjaamo@espoo.fi',
};
const SUPPLIER_FI = 'Ekorakenne Oy';
const SUPPLIER_SV = 'Skärgårdens Energi Ab';
const PLAN_TITLE = 'Kierrätetyt kannettavat tietokoneet kouluihin';
const NOTICE_TITLE = 'Markkinavuoropuhelu: kierrätetyt kannettavat';
const ROUND_TITLE = 'Tietopyyntö: kierrätetyt kannettavat';
const Q_WARRANTY = 'Minkä takuun tarjoatte laitteille?';
const Q_BATTERY = 'Taattu akun kapasiteetti kolmen vuoden jälkeen?';
const QUESTION_FI = 'Voivatko laitteet olla useamman valmistajan?';
const QUESTION_SV = 'Får enheterna komma från flera tillverkare?';
const ANSWER = 'Kyllä, kunhan jokainen laite täyttää kriteerit. / Ja, så länge varje enhet uppfyller kriterierna.';
/** How far ahead the RFI's deadlines are: enough for both suppliers and the officer's answer. */
const ROUND_MINUTES = 4;

interface EventTexts {
  description: string;
  fields: Record<string, string>;
}

let srv: ConsoleServer;
let browser: Browser;
let officerToken: string;
let planId = '';
let roundClosesAt = 0;
const findings: AxeFinding[] = [];
const problems: string[][] = [];
const audited = new Set<string>();

/** Event descriptions and field titles as the API serves them in that language. */
async function eventTexts(language: Language): Promise<Map<string, EventTexts>> {
  const res = await fetch(`${srv.baseUrl}/workflows/digigreen-planning/versions/1`, {
    headers: { authorization: `Bearer ${officerToken}`, 'accept-language': language },
  });
  const body = (await res.json()) as {
    events: Array<{
      type: string;
      description: string;
      payload: { properties?: Record<string, { title?: string; items?: { properties?: Record<string, { title?: string }> } }> };
    }>;
  };
  const out = new Map<string, EventTexts>();
  for (const e of body.events) {
    const fields: Record<string, string> = {};
    for (const [name, p] of Object.entries(e.payload.properties ?? {})) {
      if (p.title) fields[name] = p.title;
      for (const [inner, q] of Object.entries(p.items?.properties ?? {})) if (q.title) fields[inner] = q.title;
    }
    out.set(e.type, { description: e.description, fields });
  }
  return out;
}

/** axe on the page as it stands, once per label. */
async function audit(page: Page, label: string): Promise<void> {
  if (audited.has(label)) return;
  audited.add(label);
  await page.waitForLoadState('networkidle');
  findings.push(...(await seriousAxeFindings(page, label)));
}

async function openPage(language: Language): Promise<Page> {
  const context = await newConsoleContext(browser, language);
  // Each step waits for what a person would see next; 15 s is far beyond any of them.
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  problems.push(watchProblems(page));
  return page;
}

async function signInAs(page: Page, persona: string, language: Language): Promise<void> {
  const t = consoleTexts(language);
  await page.goto(`${srv.baseUrl}/app/`);
  await page.waitForURL(/\/app\/sign-in$/);
  await audit(page, `sign-in (${language})`);
  // suomifi draws its own radio over the native one; the native input is what is checked.
  await page.getByRole('radio', { name: new RegExp(`^${persona}`) }).check({ force: true });
  await page.getByRole('button', { name: t.text('auth.signIn'), exact: true }).click();
  await page.waitForURL((url) => !url.pathname.endsWith('/sign-in'));
}

let events: Map<string, EventTexts>;

/** Sends a workflow event from the plan page's "What's next" panel, filling its generated form first. */
async function sendEvent(page: Page, type: string, fill?: (fields: Record<string, string>) => Promise<void>): Promise<void> {
  const spec = events.get(type)!;
  await page.getByRole('button', { name: spec.description, exact: true }).click();
  if (fill) await fill(spec.fields);
  await page.getByRole('button', { name: fi.text('plan.event.confirm'), exact: true }).click();
  await page.getByRole('status').filter({ hasText: spec.description }).waitFor();
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A field of an event form by its title (rjsf marks a required one with *); `n` names an item of a list field. */
const field = (page: Page, title: string, n?: number) => page.getByLabel(new RegExp(`^${escape(n === undefined ? title : `${title} ${n}`)}\\*?$`));

async function addListItem(page: Page, title: string, value: string, n = 1): Promise<void> {
  await page.getByRole('button', { name: fi.text('eventForm.addTo', { field: title }), exact: true }).click();
  await field(page, title, n).fill(value);
}

/** A Helsinki wall-clock value for <input type="datetime-local">, minutes ahead of now. */
function helsinkiInput(minutesAhead: number): { value: string; at: number } {
  const at = Math.ceil((Date.now() + minutesAhead * 60_000) / 60_000) * 60_000;
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/Helsinki',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(new Date(at))
      .map((p) => [p.type, p.value]),
  );
  return { value: `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`, at };
}

/** An instant as the console shows it: Helsinki time in the language's Finnish locale. */
const helsinkiDateTime = (language: Language, at: number) =>
  new Intl.DateTimeFormat({ fi: 'fi-FI', sv: 'sv-FI', en: 'en-FI' }[language], { timeZone: 'Europe/Helsinki', dateStyle: 'medium', timeStyle: 'short' }).format(
    new Date(at),
  );

describe('The console in Chromium: plan, dialogue and approval journeys in Finnish, a supplier in Swedish', () => {
  let officer: Page;
  let supplierFi: Page;
  let supplierSv: Page;

  beforeAll(async () => {
    // A seeded portfolio around the journeys' plan, so lists, charts and queues hold what they would in use.
    srv = await startConsoleServer({}, { seedPlans: 120 });
    browser = await launchBrowser();
    officerToken = await devToken(srv.baseUrl, { role: 'officer', name: OFFICER.name, id: OFFICER.id, org: ESPOO });
    // The organisation's profile, as its manager states it once: the E1 notice names the buyer by it.
    const managerToken = await devToken(srv.baseUrl, { role: 'manager', name: MANAGER.name, id: MANAGER.id, org: ESPOO });
    await apiCall(srv.baseUrl, managerToken, 'PUT', `/organisations/${ESPOO}/profile`, ESPOO_PROFILE);
    events = await eventTexts('fi');
  }, 420_000);

  afterAll(async () => {
    await browser?.close();
    await srv?.stop();
  });

  it('(a) fi: an officer creates a plan, walks it into market dialogue and schedules an RFI round', async () => {
    officer = await openPage('fi');
    await signInAs(officer, OFFICER.name, 'fi');
    await officer.waitForURL(/\/app\/plans$/);
    await audit(officer, 'officer: my plans');

    await officer
      .getByRole('navigation', { name: fi.text('app.mainNavigation') })
      .getByRole('link', { name: fi.text('nav.newPlan'), exact: true })
      .click();
    await audit(officer, 'officer: new plan');
    await officer.getByLabel(fi.text('newPlan.field.title')).fill(PLAN_TITLE);
    await officer.getByLabel(fi.text('newPlan.field.description')).fill('Kannettavat 3 000 oppilaalle: palautus, korjaus ja tietojen poisto palveluna.');
    // The contract type's dropdown also names the CPV code ("Päätellään CPV-koodista"): the text box by its role.
    await officer.getByRole('textbox', { name: fi.text('newPlan.field.cpvCode') }).fill('30213100-6');
    await officer.getByRole('textbox', { name: fi.text('law.newPlan.amount') }).fill('1 200 000');
    await officer.getByRole('button', { name: fi.text('newPlan.submit'), exact: true }).click();
    await officer.waitForURL(/\/app\/plans\/[0-9a-f-]{36}$/);
    planId = officer.url().split('/').pop()!;
    await officer.getByRole('heading', { level: 1, name: PLAN_TITLE }).waitFor();
    await audit(officer, 'officer: plan page (draft)');

    await sendEvent(officer, 'START_NEEDS_ASSESSMENT');
    await sendEvent(officer, 'RECORD_NEEDS', async (f) => {
      await field(officer, f.need).fill('Kestävät kannettavat oppilaille.');
      await addListItem(officer, f.usersConsulted, 'opettajat');
      await addListItem(officer, f.strategicGoals, 'hiilineutraali Espoo 2030');
      await field(officer, f.rationale).fill('Kunnostetut laitteet puolittavat valmistuksen päästöt.');
    });
    await audit(officer, 'officer: plan page with an event form');
    await sendEvent(officer, 'COMPLETE_NEEDS_ASSESSMENT');
    await sendEvent(officer, 'RECORD_MARKET_ANALYSIS', async (f) => {
      await field(officer, f.knownSuppliers).fill('7');
      await addListItem(officer, f.solutions, 'kunnostetut kannettavat');
      await field(officer, f.maturity).selectOption({ label: 'Kypsä' });
    });
    await sendEvent(officer, 'PUBLISH_ENGAGEMENT_NOTICE', async (f) => {
      await field(officer, f.title).fill(NOTICE_TITLE);
      await field(officer, f.description).fill('Tietopyyntö ja toimittajatilaisuus kunnostetuista kannettavista.');
      await field(officer, f.process).fill('Tietopyyntö, lisäkysymykset ja vastaukset kaikille.');
      // The E1 notice's answers deadline (BT-800): the end of the registration day; the rest has defaults.
      await field(officer, f.registrationUntil).fill(new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10));
    });
    await sendEvent(officer, 'START_MARKET_DIALOGUE');

    // The market dialogue tab: an RFI round with a text and a number question, closing in a few minutes.
    await officer.getByRole('link', { name: fi.text('plan.tab.dialogue'), exact: true }).click();
    await audit(officer, 'officer: dialogue tab');
    await officer.getByLabel(fi.text('tools.dialogue.schedule.type')).selectOption('rfi');
    await officer.getByLabel(fi.text('tools.dialogue.schedule.roundTitle')).fill(ROUND_TITLE);
    await officer.getByLabel(fi.text('tools.dialogue.schedule.description')).fill('Kertokaa, mitä markkinat voivat tarjota.');
    const deadline = helsinkiInput(ROUND_MINUTES);
    roundClosesAt = deadline.at;
    for (const key of ['questionsUntil', 'clarificationsUntil', 'closesAt']) {
      await officer.getByLabel(fi.text(`tools.dialogue.round.${key}`), { exact: true }).fill(deadline.value);
    }
    await officer.getByRole('button', { name: fi.text('tools.dialogue.questionnaire.add'), exact: true }).click();
    const q1 = officer.getByRole('group', { name: fi.text('tools.dialogue.questionnaire.question', { n: 1 }), exact: true });
    await q1.getByLabel(fi.text('tools.dialogue.questionnaire.id'), { exact: true }).fill('warranty');
    await q1.getByLabel(fi.text('tools.dialogue.questionnaire.text'), { exact: true }).fill(Q_WARRANTY);
    await q1.getByLabel(fi.text('tools.dialogue.questionnaire.type'), { exact: true }).selectOption('text');
    await officer.getByRole('button', { name: fi.text('tools.dialogue.questionnaire.add'), exact: true }).click();
    const q2 = officer.getByRole('group', { name: fi.text('tools.dialogue.questionnaire.question', { n: 2 }), exact: true });
    await q2.getByLabel(fi.text('tools.dialogue.questionnaire.id'), { exact: true }).fill('batteryLife');
    await q2.getByLabel(fi.text('tools.dialogue.questionnaire.text'), { exact: true }).fill(Q_BATTERY);
    await q2.getByLabel(fi.text('tools.dialogue.questionnaire.type'), { exact: true }).selectOption('number');
    await q2.getByLabel(fi.text('tools.dialogue.questionnaire.unit')).fill('%');
    await q2.getByLabel(fi.text('tools.dialogue.questionnaire.min')).fill('0');
    await q2.getByLabel(fi.text('tools.dialogue.questionnaire.max')).fill('100');
    await officer.getByRole('button', { name: fi.text('tools.dialogue.schedule.submit'), exact: true }).click();
    await officer.getByText(fi.text('tools.dialogue.schedule.done', { title: ROUND_TITLE })).waitFor();

    const plan = await apiCall<{ stage: string }>(srv.baseUrl, officerToken, 'GET', `/procurements/${planId}`);
    expect(plan.stage).toBe('marketDialogue');
    const rounds = await apiCall<Array<{ type: string; title: string; questionnaire: Array<{ id: string; type: string }> }>>(
      srv.baseUrl,
      officerToken,
      'GET',
      `/procurements/${planId}/dialogue/rounds`,
    );
    expect(rounds.map((r) => [r.type, r.title, r.questionnaire.map((q) => `${q.id}:${q.type}`)])).toEqual([
      ['rfi', ROUND_TITLE, ['warranty:text', 'batteryLife:number']],
    ]);

    await officer.getByRole('link', { name: fi.text('plan.tab.overview'), exact: true }).click();
    await officer.getByRole('heading', { level: 1, name: PLAN_TITLE }).waitFor();
    // The browser runs in New York; the console shows Helsinki time and Finnish money.
    await officer
      .getByText(new Intl.NumberFormat('fi-FI', { style: 'currency', currency: 'EUR' }).format(1_200_000))
      .first()
      .waitFor();
    await officer.getByText(helsinkiDateTime('fi', roundClosesAt)).first().waitFor();
    await screenshot(officer, 'officer-plan-page');
  });

  async function rfiRoundId(): Promise<string> {
    const rounds = await apiCall<Array<{ id: string }>>(srv.baseUrl, officerToken, 'GET', `/procurements/${planId}/dialogue/rounds`);
    return rounds[0].id;
  }

  /** Journey (b) for one supplier in one language: register, answer the RFI with the keyboard only, ask. */
  async function supplierAnswers(language: Language, persona: string, contact: string, question: string): Promise<Page> {
    const t = consoleTexts(language);
    const page = await openPage(language);
    await signInAs(page, persona, language);
    await page.waitForURL(/\/app\/dialogues$/);
    await audit(page, `supplier: open dialogues (${language})`);
    await page.getByRole('link', { name: NOTICE_TITLE }).first().click();
    await page.getByRole('heading', { level: 1, name: NOTICE_TITLE }).waitFor();
    await page.getByText(helsinkiDateTime(language, roundClosesAt)).first().waitFor();
    await audit(page, `supplier: dialogue, not registered (${language})`);

    await page.getByLabel(t.text('supplier.register.contactName'), { exact: false }).fill(contact);
    await page.getByRole('textbox', { name: t.text('supplier.register.email') }).fill(`${contact.split(' ')[0].toLowerCase()}@supplier.example`);
    await page.getByLabel(t.text('supplier.register.sme')).check({ force: true });
    await page.getByRole('button', { name: t.text('supplier.register.submit'), exact: true }).click();
    await page.getByText(t.text('supplier.register.saved')).waitFor();

    // The RFI form with the keyboard only: focus enters at its first field, then Tab, typing and Enter.
    const warranty = page.getByRole('textbox', { name: new RegExp(Q_WARRANTY.replace('?', '\\?')) });
    await warranty.waitFor();
    await audit(page, `supplier: RFI form (${language})`);
    await warranty.focus();
    await page.keyboard.type(language === 'sv' ? '36 månader på delar och arbete' : '36 kuukautta osille ja työlle');
    const battery = page.getByRole('spinbutton', { name: new RegExp(Q_BATTERY.replace('?', '\\?')) });
    for (let tabs = 0; tabs < 6 && !(await battery.evaluate((el) => el === el.ownerDocument.activeElement)); tabs += 1) await page.keyboard.press('Tab');
    await page.keyboard.type('80');
    const send = page.getByRole('button', { name: t.text('supplier.rfi.send'), exact: true });
    for (let tabs = 0; tabs < 6 && !(await send.evaluate((el) => el === el.ownerDocument.activeElement)); tabs += 1) await page.keyboard.press('Tab');
    expect(await send.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    await page.getByText(t.pattern('supplier.rfi.saved', { version: 1 })).waitFor();
    if (language === 'fi') await screenshot(page, 'supplier-rfi-form');

    await page.getByLabel(t.text('supplier.questions.field'), { exact: false }).first().fill(question);
    await page
      .getByRole('button', { name: t.text('supplier.questions.send'), exact: true })
      .first()
      .click();
    await page.getByText(t.pattern('supplier.questions.sent')).first().waitFor();
    await audit(page, `supplier: dialogue, registered and answered (${language})`);
    return page;
  }

  it('(b) fi: a supplier registers, answers the RFI with the keyboard only and asks a question', async () => {
    supplierFi = await supplierAnswers('fi', SUPPLIER_FI, 'Eila Ekola', QUESTION_FI);
    const responses = await apiCall<Array<{ businessId: string; latest: { version: number; answers: Array<{ questionId: string; value: unknown }> } }>>(
      srv.baseUrl,
      officerToken,
      'GET',
      `/procurements/${planId}/dialogue/rounds/${await rfiRoundId()}/responses`,
    );
    expect(responses.map((r) => [r.businessId, r.latest.version])).toEqual([['2345678-0', 1]]);
    expect(responses[0].latest.answers).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ questionId: 'warranty', value: '36 kuukautta osille ja työlle' }),
        expect.objectContaining({ questionId: 'batteryLife', value: 80 }),
      ]),
    );
  });

  it('(b) sv: a second supplier does the same in Swedish', async () => {
    supplierSv = await supplierAnswers('sv', SUPPLIER_SV, 'Sara Strand', QUESTION_SV);
    // E-mails in Swedish (the language she registered in), and no reminders: she turns them off.
    const t = consoleTexts('sv');
    await supplierSv.getByLabel(t.text('supplier.register.reminders')).uncheck({ force: true });
    await supplierSv.getByRole('button', { name: t.text('supplier.register.savePreferences'), exact: true }).click();
    await supplierSv.getByText(t.text('supplier.register.preferencesSaved')).waitFor();
    const registrations = await apiCall<Array<{ contact: { name: string }; language: string; reminders: boolean }>>(
      srv.baseUrl,
      officerToken,
      'GET',
      `/procurements/${planId}/dialogue/registrations`,
    );
    expect(registrations.map((r) => [r.contact.name, r.language, r.reminders])).toEqual(
      expect.arrayContaining([
        ['Sara Strand', 'sv', false],
        ['Eila Ekola', 'fi', true],
      ]),
    );
  });

  it('(c) fi: the officer answers both questions with one published answer; both suppliers read it', async () => {
    await officer.getByRole('link', { name: fi.text('plan.tab.dialogue'), exact: true }).click();
    await officer.reload();
    for (const question of [QUESTION_FI, QUESTION_SV]) await officer.getByRole('checkbox', { name: question }).check({ force: true });
    await officer.getByLabel(fi.text('tools.dialogue.inbox.answer'), { exact: false }).fill(ANSWER);
    await audit(officer, 'officer: question inbox');
    await officer.getByRole('button', { name: fi.text('tools.dialogue.inbox.publish'), exact: true }).click();
    await officer.getByText(fi.text('tools.dialogue.inbox.published', { count: 2 })).waitFor();

    for (const page of [supplierFi, supplierSv]) {
      await page.reload();
      await page.getByText(ANSWER).first().waitFor();
    }
    await audit(supplierSv, 'supplier: published answer (sv)');
  });

  it('(d) fi: the officer ends the dialogue, sets criteria and asks for approval; a manager approves', async () => {
    await officer.getByRole('link', { name: fi.text('plan.tab.overview'), exact: true }).click();
    await sendEvent(officer, 'PUBLISH_DIALOGUE_SUMMARY', async (f) => {
      await field(officer, f.summary).fill('Kunnostettuja A-luokan laitteita on saatavilla kolmen vuoden takuulla.');
      await field(officer, f.inputUse).fill('Takuu- ja akkukriteerit lisätty.');
    });

    // The round closes by its own timer; until then the dialogue cannot end.
    const wait = roundClosesAt - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait + 1500));
    for (let i = 0; i < 40; i += 1) {
      const plan = await apiCall<{ transitions: Array<{ event: string; allowed: boolean }> }>(srv.baseUrl, officerToken, 'GET', `/procurements/${planId}`);
      if (plan.transitions.find((t) => t.event === 'SKIP_CO_DEVELOPMENT')?.allowed) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    await officer.reload();
    await sendEvent(officer, 'SKIP_CO_DEVELOPMENT', async (f) => {
      await field(officer, f.reason).fill('Kypsät markkinat; pilottia ei tarvita.');
    });
    await sendEvent(officer, 'RECORD_SUSTAINABILITY_STRATEGY', async (f) => {
      await officer.getByRole('button', { name: fi.text('eventForm.addTo', { field: f.goals }), exact: true }).click();
      await field(officer, f.code).selectOption({ label: 'Kiertotalous' });
      await field(officer, f.strategy).fill('Kunnostetut laitteet ja palautus käytön jälkeen.');
    });

    await officer.getByRole('link', { name: fi.text('plan.tab.criteria'), exact: true }).click();
    await audit(officer, 'officer: criteria tab');
    await officer.getByRole('button', { name: fi.text('tools.criteria.addOwn'), exact: true }).click();
    await officer.getByLabel(fi.text('tools.criteria.kindLabel'), { exact: true }).selectOption('awardCriteria');
    await officer.getByLabel(fi.text('tools.criteria.titleLabel'), { exact: true }).fill('Hinta');
    await officer.getByLabel(fi.text('tools.criteria.text'), { exact: true }).fill('Halvin hinta saa täydet pisteet.');
    await officer.getByLabel(fi.text('tools.criteria.verification'), { exact: true }).fill('Hintalomake.');
    await officer.getByLabel(fi.text('tools.criteria.weight'), { exact: true }).fill('100');
    await officer.getByLabel(fi.text('tools.criteria.subjectLink'), { exact: true }).fill('Laitteiden hinta.');
    await officer.getByText(fi.text('tools.criteria.totalOk', { total: 100 })).waitFor();
    await officer.getByRole('button', { name: fi.text('tools.criteria.save'), exact: true }).click();
    await officer.getByText(fi.text('tools.criteria.saved')).waitFor();

    await officer.getByRole('link', { name: fi.text('plan.tab.overview'), exact: true }).click();
    await sendEvent(officer, 'COMPLETE_CRITERIA');
    await sendEvent(officer, 'SELECT_PROCEDURE', async (f) => {
      await field(officer, f.procedure).selectOption({ label: 'Avoin menettely' });
      await field(officer, f.rationale).fill('Kypsät markkinat, paljon toimittajia.');
    });
    await sendEvent(officer, 'REQUEST_APPROVAL');

    const manager = await openPage('fi');
    await signInAs(manager, MANAGER.name, 'fi');
    await manager.waitForURL(/\/app\/portfolio$/);
    await manager.getByRole('heading', { level: 2 }).first().waitFor();
    await audit(manager, 'manager: portfolio');
    await screenshot(manager, 'manager-dashboard', false);
    await manager
      .getByRole('navigation', { name: fi.text('app.mainNavigation') })
      .getByRole('link', { name: fi.text('nav.approvals'), exact: true })
      .click();
    await audit(manager, 'manager: approvals');
    await manager.getByRole('button', { name: fi.text('approvals.approveFor', { title: PLAN_TITLE }), exact: true }).click();
    await manager.getByLabel(fi.text('approvals.comment'), { exact: false }).fill('Hyvin valmisteltu.');
    await manager.getByRole('button', { name: fi.text('approvals.confirmApproveFor', { title: PLAN_TITLE }), exact: true }).click();
    await manager.getByText(fi.text('approvals.approved', { title: PLAN_TITLE })).waitFor();

    const plan = await apiCall<{ stage: string }>(srv.baseUrl, officerToken, 'GET', `/procurements/${planId}`);
    expect(plan.stage).toBe('readyForTender');
    const history = await apiCall<{ items: Array<{ type: string; actor: { id: string } }> }>(
      srv.baseUrl,
      officerToken,
      'GET',
      `/procurements/${planId}/history?limit=100`,
    );
    expect(history.items.find((e) => e.type === 'APPROVE')?.actor.id).toBe(MANAGER.id);
  }, 480_000);

  it('shows the officer’s plan page at 360 px without horizontal scrolling', async () => {
    await officer.setViewportSize({ width: 360, height: 800 });
    for (const tab of ['', '/dialogue', '/criteria']) {
      await officer.goto(`${srv.baseUrl}/app/plans/${planId}${tab}`);
      await officer.getByRole('heading', { level: 1, name: PLAN_TITLE }).waitFor();
      await officer.waitForLoadState('networkidle');
      expect({ tab, ...(await settledOverflow(officer)) }).toEqual({ tab, overflow: 0, elements: [] });
    }
    await audit(officer, 'officer: plan page at 360 px');
  });

  it('found no serious or critical WCAG 2.1 AA violation on any page of the journeys, and no error in any page', () => {
    process.stdout.write(`axe (WCAG 2.1 A/AA) on ${audited.size} pages: ${[...audited].join('; ')}; serious or critical findings: ${findings.length}\n`);
    expect(audited.size).toBeGreaterThanOrEqual(14);
    expect(findings).toEqual([]);
    expect(problems.flat()).toEqual([]);
  });
});
