import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { Webhook } from 'standardwebhooks';
import {
  apiCall,
  devToken,
  settledOverflow,
  launchBrowser,
  newConsoleContext,
  seriousAxeFindings,
  signIn,
  startConsoleServer,
  watchProblems,
  type AxeFinding,
  type ConsoleServer,
} from './support/console';
import { consoleTexts, type Language } from './support/texts';

/**
 * The integrations page and the notification settings in Chromium against the real service: a
 * manager in Finnish subscribes a real receiver on 127.0.0.1 to `plan.created`, sees the signing
 * secret once (and the receiver verifies each delivery with it), an officer's new plan is delivered,
 * the delivery log shows it delivered; the receiver then fails and "send again" shows the new
 * attempt. axe audits each page and state on the way; the settings page in Finnish and Swedish.
 */

const fi = consoleTexts('fi');
const ESPOO = 'city-of-espoo';
const MANAGER = 'Ville Lehtonen';
const OFFICER = { id: 'officer-city-of-espoo-1', name: 'Minna Heikkinen' };
const DESCRIPTION = 'Asianhallinta';

/** A receiver as an organisation would run one: it verifies each signature and answers what the test says. */
class Receiver {
  readonly received: Array<{ headers: IncomingHttpHeaders; body: string; verified: boolean }> = [];
  answer = 204;
  secret: string | null = null;
  private server: Server | null = null;

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        let verified = false;
        try {
          new Webhook(this.secret ?? '').verify(body, req.headers as Record<string, string>);
          verified = true;
        } catch {
          verified = false;
        }
        this.received.push({ headers: req.headers, body, verified });
        res.writeHead(this.answer).end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks/procurement`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

let srv: ConsoleServer;
let browser: Browser;
const receiver = new Receiver();
let receiverUrl = '';
const findings: AxeFinding[] = [];
const problems: string[][] = [];
const audited: string[] = [];

async function audit(page: Page, label: string): Promise<void> {
  audited.push(label);
  await page.waitForLoadState('networkidle');
  findings.push(...(await seriousAxeFindings(page, label)));
}

async function openPage(language: Language): Promise<Page> {
  const context = await newConsoleContext(browser, language);
  context.setDefaultTimeout(15_000);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: srv.baseUrl });
  const page = await context.newPage();
  problems.push(watchProblems(page));
  return page;
}

const signInAs = (page: Page, persona: string, language: Language) => signIn(page, srv.baseUrl, persona, language);

const nav = (page: Page, language: Language, label: string) =>
  page
    .getByRole('navigation', { name: consoleTexts(language).text('app.mainNavigation') })
    .getByRole('link', { name: consoleTexts(language).text(label), exact: true });

describe('The console in Chromium: webhooks and notification settings', () => {
  let manager: Page;

  beforeAll(async () => {
    receiverUrl = await receiver.start();
    srv = await startConsoleServer({ WEBHOOK_ALLOW_PRIVATE: 'true', OUTBOX_POLL_INTERVAL_MS: '200' });
    browser = await launchBrowser();
  }, 420_000);

  afterAll(async () => {
    await browser?.close();
    await srv?.stop();
    await receiver.stop();
  });

  it('fi: a manager creates a webhook and sees its secret once; a new plan is delivered, signed with it', async () => {
    manager = await openPage('fi');
    await signInAs(manager, MANAGER, 'fi');
    await nav(manager, 'fi', 'nav.integrations').click();
    await manager.getByRole('heading', { level: 1, name: fi.text('integrations.title') }).waitFor();
    await manager.getByText(fi.text('integrations.list.none')).waitFor();
    await audit(manager, 'integrations (fi)');

    await manager.getByRole('button', { name: fi.text('integrations.new.open'), exact: true }).click();
    // An empty form is refused in words before anything is sent.
    await manager.getByRole('button', { name: fi.text('integrations.new.submit'), exact: true }).click();
    await manager.getByText(fi.text('integrations.form.urlMissing')).first().waitFor();
    await audit(manager, 'integrations: create form with errors (fi)');
    await manager.getByRole('textbox', { name: new RegExp(`^${fi.text('integrations.form.url').replace(/[()]/g, '\\$&')}`) }).fill(receiverUrl);
    await manager.getByRole('textbox', { name: new RegExp(`^${fi.text('integrations.form.description')}`) }).fill(DESCRIPTION);
    await manager.getByRole('checkbox', { name: fi.text('eventType.plan.created') }).check({ force: true });
    await manager.getByRole('button', { name: fi.text('integrations.new.submit'), exact: true }).click();

    // The secret panel takes the focus; the secret is there once, and copies.
    const secretHeading = manager.getByRole('heading', { level: 2, name: fi.text('integrations.secret.title', { name: DESCRIPTION }) });
    await secretHeading.waitFor();
    expect(await secretHeading.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
    const secret = await manager.getByLabel(fi.text('integrations.secret.label'), { exact: true }).inputValue();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    receiver.secret = secret;
    await manager.getByRole('button', { name: fi.text('integrations.secret.copy'), exact: true }).click();
    await manager.getByText(fi.text('integrations.secret.copied')).waitFor();
    await audit(manager, 'integrations: secret panel (fi)');
    await manager.getByRole('button', { name: fi.text('integrations.secret.done'), exact: true }).click();
    await secretHeading.waitFor({ state: 'detached' });
    await manager.reload();
    await manager.getByRole('heading', { level: 3, name: DESCRIPTION }).waitFor();
    expect(await manager.getByText(secret).count()).toBe(0);

    // An officer creates a plan (through the API): plan.created goes to the receiver, signed with the secret shown.
    const officerToken = await devToken(srv.baseUrl, { role: 'officer', name: OFFICER.name, id: OFFICER.id, org: ESPOO });
    await apiCall(srv.baseUrl, officerToken, 'POST', '/procurements', {
      title: 'Sähköpyörät kotihoitoon',
      description: 'Sähköavusteiset pyörät kotihoidon työntekijöille.',
      cpvCode: '34430000-0',
      estimatedValue: { amount: 80_000, currency: 'EUR' },
      workflowId: 'digigreen-planning',
    });
    for (let i = 0; i < 50 && receiver.received.length === 0; i += 1) await new Promise((resolve) => setTimeout(resolve, 200));
    expect(receiver.received.map((r) => [r.headers['ce-type'] ?? JSON.parse(r.body).type, r.verified])).toEqual([['plan.created', true]]);

    await manager.setViewportSize({ width: 360, height: 800 });
    expect(await settledOverflow(manager)).toEqual({ overflow: 0, elements: [] });
    await manager.setViewportSize({ width: 1280, height: 900 });
  });

  it('fi: the delivery log shows the delivery; the receiver fails and "send again" shows the new attempt', async () => {
    await manager.getByRole('link', { name: fi.text('integrations.action.deliveriesFor', { name: DESCRIPTION }), exact: true }).click();
    await manager.getByRole('heading', { level: 1, name: fi.text('integrations.deliveries.title') }).waitFor();
    const delivery = manager.getByRole('listitem').filter({ has: manager.getByRole('heading', { level: 2, name: /^plan\.created, / }) });
    await delivery.getByText(fi.text('integrations.deliveries.status.delivered'), { exact: true }).waitFor();
    expect(await delivery.getByRole('row').count()).toBe(2);
    await audit(manager, 'integrations: delivery log (fi)');

    receiver.answer = 500;
    await delivery.getByRole('button', { name: /^Lähetä uudelleen: plan\.created, / }).click();
    await manager.getByText(fi.pattern('integrations.deliveries.redelivered', { type: 'plan.created', time: '{time}' })).waitFor();
    // The log is read again while the delivery waits: the second attempt appears with the receiver's 500.
    await delivery.getByRole('cell', { name: '500', exact: true }).first().waitFor();
    await delivery.getByText(fi.text('integrations.deliveries.status.pending'), { exact: true }).waitFor();
    expect(receiver.received.length).toBeGreaterThanOrEqual(2);
    expect(new Set(receiver.received.map((r) => r.headers['webhook-id'])).size).toBe(1);
    await manager.setViewportSize({ width: 360, height: 800 });
    expect(await settledOverflow(manager)).toEqual({ overflow: 0, elements: [] });
    await manager.setViewportSize({ width: 1280, height: 900 });
  });

  it('fi: the manager renames the webhook, makes a new secret (shown once) and deletes it, each confirmed', async () => {
    await manager.getByRole('link', { name: fi.text('integrations.deliveries.back'), exact: true }).click();
    await manager.getByRole('button', { name: fi.text('integrations.action.editFor', { name: DESCRIPTION }), exact: true }).click();
    await manager.getByRole('textbox', { name: new RegExp(`^${fi.text('integrations.form.description')}`) }).fill('Asianhallinta 2');
    await manager.getByRole('button', { name: fi.text('integrations.edit.submit'), exact: true }).click();
    await manager.getByText(fi.text('integrations.done.saved', { name: 'Asianhallinta 2' })).waitFor();

    await manager.getByRole('button', { name: fi.text('integrations.action.rotateFor', { name: 'Asianhallinta 2' }), exact: true }).click();
    await manager.getByRole('button', { name: fi.text('integrations.confirm.rotateYes'), exact: true }).click();
    const secretHeading = manager.getByRole('heading', { level: 2, name: fi.text('integrations.secret.title', { name: 'Asianhallinta 2' }) });
    await secretHeading.waitFor();
    expect(await secretHeading.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
    const rotated = await manager.getByLabel(fi.text('integrations.secret.label'), { exact: true }).inputValue();
    expect(rotated).toMatch(/^whsec_/);
    expect(rotated).not.toBe(receiver.secret);
    await manager.getByRole('button', { name: fi.text('integrations.secret.done'), exact: true }).click();

    await manager.getByRole('button', { name: fi.text('integrations.action.deleteFor', { name: 'Asianhallinta 2' }), exact: true }).click();
    await manager.getByRole('button', { name: fi.text('integrations.confirm.deleteYes'), exact: true }).click();
    await manager.getByText(fi.text('integrations.done.deleted', { name: 'Asianhallinta 2' })).waitFor();
    await manager.getByText(fi.text('integrations.list.none')).waitFor();
  });

  it('fi and sv: the notification settings show what the service uses, and save', async () => {
    await nav(manager, 'fi', 'nav.notificationSettings').click();
    await manager.getByRole('heading', { level: 1, name: fi.text('settings.title') }).waitFor();
    await manager.getByText(fi.text('settings.role.manager')).waitFor();
    // The development sign-in may carry no e-mail claim: either way the page says where e-mail goes.
    await manager
      .getByRole('definition')
      .filter({ hasText: new RegExp(`${fi.text('settings.current.noEmail')}|${fi.text('settings.current.emailFromSignIn')}`) })
      .waitFor();
    await audit(manager, 'notification settings (fi)');

    const sv = consoleTexts('sv');
    const officer = await openPage('sv');
    await signInAs(officer, OFFICER.name, 'sv');
    await nav(officer, 'sv', 'nav.notificationSettings').click();
    await officer.getByRole('heading', { level: 1, name: sv.text('settings.title') }).waitFor();
    await officer.getByText(sv.text('settings.role.officer')).waitFor();
    await officer.getByLabel(sv.text('settings.form.email'), { exact: true }).fill('minna.heikkinen@kirjaamo.example.fi');
    await officer.getByLabel(sv.text('settings.form.reminders')).uncheck({ force: true });
    await officer.getByRole('button', { name: sv.text('settings.form.submit'), exact: true }).click();
    await officer.getByText(sv.text('settings.saved')).waitFor();
    await officer.getByText(sv.text('settings.current.emailChosen'), { exact: false }).waitFor();
    await audit(officer, 'notification settings (sv)');

    const token = await devToken(srv.baseUrl, { role: 'officer', name: OFFICER.name, id: OFFICER.id, org: ESPOO });
    const stored = await apiCall<{ email: string; reminders: boolean; emailChosen: boolean }>(srv.baseUrl, token, 'GET', '/me/notifications');
    expect(stored).toEqual(expect.objectContaining({ email: 'minna.heikkinen@kirjaamo.example.fi', emailChosen: true, reminders: false }));
  });

  it('found no serious or critical WCAG 2.1 AA violation, and no error in any page', () => {
    process.stdout.write(`axe (WCAG 2.1 A/AA) on ${audited.length} pages: ${audited.join('; ')}; serious or critical findings: ${findings.length}\n`);
    expect(findings).toEqual([]);
    expect(problems.flat()).toEqual([]);
  });
});
