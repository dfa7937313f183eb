import type { Browser, Page } from 'playwright-core';
import { DIGIGREEN_WALK, newPlan } from '../support/factories';
import {
  apiCall,
  devToken,
  launchBrowser,
  newConsoleContext,
  screenshot,
  seriousAxeFindings,
  settledOverflow,
  signIn,
  startConsoleServer,
  watchProblems,
  type AxeFinding,
  type ConsoleServer,
} from './support/console';
import { consoleTexts } from './support/texts';

/**
 * The workflow versions page in Chromium against the real service: two of an officer's plans started
 * on digigreen-planning v1 (through the API), one of them past a waived engagement notice; a manager
 * in Finnish opens the page, previews the move to version 2 (each plan's row with its stage before and
 * after by title, the waived one with what v2 leaves unmet), moves them after confirming in the
 * dialog, and sees them moved; the API then reports the plans on version 2. axe audits each state.
 */

const fi = consoleTexts('fi');
const ESPOO = 'city-of-espoo';
const MANAGER = 'Ville Lehtonen';
const OFFICER = { id: 'officer-city-of-espoo-1', name: 'Minna Heikkinen' };
const WORKFLOW = 'digigreen-planning';
const TITLE = 'Kierrätetyt kannettavat kouluille';
const WAIVED = 'Koulujen tulostuspalvelu';

interface PlanView {
  id: string;
  title: string;
  stage: string;
  workflow: { id: string; version: number };
}

let srv: ConsoleServer;
let browser: Browser;
const findings: AxeFinding[] = [];
const problems: string[][] = [];
const audited: string[] = [];

async function audit(page: Page, label: string): Promise<void> {
  audited.push(label);
  await page.waitForLoadState('networkidle');
  findings.push(...(await seriousAxeFindings(page, label)));
}

const isFocused = (page: Page, name: string) =>
  page
    .getByRole('heading', { level: 4, name })
    .evaluate((el) => el === el.ownerDocument.activeElement)
    .catch(() => false);

describe('The console in Chromium: moving running plans to another workflow version', () => {
  let manager: Page;
  let plan: PlanView;
  let waived: PlanView;
  let stageTitle = '';
  let waiveTitle = '';

  beforeAll(async () => {
    srv = await startConsoleServer();
    browser = await launchBrowser();
    const officerToken = await devToken(srv.baseUrl, { role: 'officer', name: OFFICER.name, id: OFFICER.id, org: ESPOO });
    plan = await apiCall<PlanView>(srv.baseUrl, officerToken, 'POST', '/procurements', newPlan({ title: TITLE, workflowVersion: 1 }));
    expect(plan.workflow).toEqual({ id: WORKFLOW, version: 1 });
    // Above the EU threshold, v1 let the officer waive the engagement notice; after the move v2 says what that leaves unmet.
    waived = await apiCall<PlanView>(srv.baseUrl, officerToken, 'POST', '/procurements', newPlan({ title: WAIVED, workflowVersion: 1 }));
    for (const step of DIGIGREEN_WALK.slice(0, 4)) await apiCall(srv.baseUrl, officerToken, 'POST', `/procurements/${waived.id}/events`, step.event);
    await apiCall(srv.baseUrl, officerToken, 'POST', `/procurements/${waived.id}/events`, {
      type: 'WAIVE_ENGAGEMENT_NOTICE',
      reason: 'Tunnetut toimittajat kutsutaan suoraan.',
    });
    const v2 = await apiCall<{ stages: Array<{ id: string; title: string }>; events: Array<{ type: string; description: string }> }>(
      srv.baseUrl,
      officerToken,
      'GET',
      `/workflows/${WORKFLOW}/versions/2`,
      undefined,
      {
        'accept-language': 'fi',
      },
    );
    stageTitle = v2.stages.find((s) => s.id === plan.stage)!.title;
    waiveTitle = v2.events.find((e) => e.type === 'WAIVE_ENGAGEMENT_NOTICE')!.description.replace(/\.$/, '');
  }, 420_000);

  afterAll(async () => {
    await browser?.close();
    await srv?.stop();
  });

  it('fi: a manager previews the move to version 2, confirms it, and the plan is moved', async () => {
    const context = await newConsoleContext(browser, 'fi');
    context.setDefaultTimeout(15_000);
    manager = await context.newPage();
    problems.push(watchProblems(manager));
    await signIn(manager, srv.baseUrl, MANAGER, 'fi');

    await manager
      .getByRole('navigation', { name: fi.text('app.mainNavigation') })
      .getByRole('link', { name: fi.text('nav.workflowVersions'), exact: true })
      .click();
    await manager.getByRole('heading', { level: 1, name: fi.text('workflowVersions.title') }).waitFor();
    const migration = manager.getByRole('region', { name: fi.text('workflowVersions.migration.title', { from: 1, to: 2 }) });
    await migration.getByText(fi.text('workflowVersions.migration.plansOnSource', { from: 1, count: 2 })).waitFor();
    await audit(manager, 'workflow versions (fi)');

    // The preview: the plan's row, its stage before and after by title; focus goes to the preview.
    await migration.getByRole('button', { name: fi.pattern('workflowVersions.previewFor', { to: 2 }) }).click();
    const previewTitle = fi.text('workflowVersions.preview.title', { to: 2 });
    await migration.getByRole('heading', { level: 4, name: previewTitle }).waitFor();
    expect(await isFocused(manager, previewTitle)).toBe(true);
    const row = migration.getByRole('row').filter({ has: manager.getByRole('link', { name: TITLE, exact: true }) });
    await row.getByRole('cell', { name: fi.text('workflowVersions.outcome.wouldMigrate'), exact: true }).waitFor();
    await row.getByRole('cell', { name: fi.text('workflowVersions.stageChange', { from: stageTitle, to: stageTitle }), exact: true }).waitFor();
    // The plan that waived its notice would miss the requirement v2 adds, named under the event it concerns.
    const waivedRow = migration.getByRole('row').filter({ has: manager.getByRole('link', { name: WAIVED, exact: true }) });
    const unmet = waivedRow.getByRole('cell').filter({ hasText: fi.text('workflowVersions.unmet.event', { event: waiveTitle }) });
    expect(await unmet.getByRole('listitem').count()).toBeGreaterThan(0);
    await migration
      .getByRole('status')
      .getByText(fi.pattern('workflowVersions.preview.summary', { count: 2 }))
      .waitFor();
    await audit(manager, 'workflow versions: preview (fi)');
    await screenshot(manager, 'manager-workflow-versions');

    // Confirmed in a dialog, then the outcome per plan takes the focus.
    await migration.getByRole('button', { name: fi.text('workflowVersions.move', { count: 2, to: 2 }), exact: true }).click();
    const dialog = manager.getByRole('dialog', { name: fi.text('workflowVersions.confirm.title', { count: 2, to: 2 }) });
    await dialog.waitFor();
    await audit(manager, 'workflow versions: confirmation (fi)');
    await dialog.getByRole('button', { name: fi.text('workflowVersions.confirm.yes'), exact: true }).click();
    const resultTitle = fi.text('workflowVersions.result.title', { to: 2 });
    await migration.getByRole('heading', { level: 4, name: resultTitle }).waitFor();
    expect(await isFocused(manager, resultTitle)).toBe(true);
    const moved = migration.getByRole('row').filter({ has: manager.getByRole('link', { name: TITLE, exact: true }) });
    await moved.getByRole('cell', { name: fi.text('workflowVersions.outcome.migrated'), exact: true }).waitFor();
    await migration.getByText(fi.text('workflowVersions.migration.noPlans', { from: 1 })).waitFor();
    await audit(manager, 'workflow versions: moved (fi)');

    const managerToken = await devToken(srv.baseUrl, { role: 'manager', name: MANAGER, org: ESPOO });
    const after = await apiCall<PlanView>(srv.baseUrl, managerToken, 'GET', `/procurements/${plan.id}`);
    expect(after.workflow).toEqual({ id: WORKFLOW, version: 2 });
    expect(after.stage).toBe(plan.stage);
    const waivedAfter = await apiCall<PlanView>(srv.baseUrl, managerToken, 'GET', `/procurements/${waived.id}`);
    expect(waivedAfter.workflow).toEqual({ id: WORKFLOW, version: 2 });

    await manager.setViewportSize({ width: 360, height: 800 });
    expect(await settledOverflow(manager)).toEqual({ overflow: 0, elements: [] });
  });

  it('found no serious or critical WCAG 2.1 AA violation, and no error in any page', () => {
    process.stdout.write(`axe (WCAG 2.1 A/AA) on ${audited.length} pages: ${audited.join('; ')}; serious or critical findings: ${findings.length}\n`);
    expect(findings).toEqual([]);
    expect(problems.flat()).toEqual([]);
  });
});
