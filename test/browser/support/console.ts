import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { buildIfNeeded, REPO_ROOT, startServer, type ServerProcess } from '../../support/server-process';
import { consoleTexts } from './texts';

/** Debian's Chromium (`.ci/run` installs the package when it is missing); no browser is downloaded. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export const SCREENSHOTS = join(REPO_ROOT, 'docs', 'screenshots');

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

export interface ConsoleServer {
  server: ServerProcess;
  baseUrl: string;
  stop(): Promise<void>;
}

/**
 * The real service (`node dist/src/main.js`, console included) on a fresh SQLite file, as `npm start`
 * runs it, with due timers looked for every 250 ms so a round closes when its deadline passes;
 * `seedPlans` fills it with a seeded portfolio of two organisations first.
 */
export async function startConsoleServer(env: Record<string, string> = {}, options: { seedPlans?: number } = {}): Promise<ConsoleServer> {
  await buildIfNeeded(400_000);
  const dir = mkdtempSync(join(tmpdir(), 'ppe-browser-'));
  if (options.seedPlans) {
    // A portfolio for the managers' pages, written by the seed CLI before the service opens the file.
    execFileSync(process.execPath, [join(REPO_ROOT, 'dist', 'src', 'cli', 'seed.js'), '--plans', String(options.seedPlans), '--orgs', '2'], {
      env: { PATH: process.env.PATH, SQLITE_PATH: join(dir, 'console.sqlite'), LOG_LEVEL: 'warn' },
      stdio: 'pipe',
    });
  }
  const server = await startServer({
    env: {
      SQLITE_PATH: join(dir, 'console.sqlite'),
      LOG_LEVEL: 'warn',
      TIMER_POLL_INTERVAL_MS: '250',
      // One browser sends many reads; the limits have their own tests.
      RATE_LIMIT_READS_PER_MINUTE: '0',
      RATE_LIMIT_WRITES_PER_MINUTE: '0',
      ...env,
    },
  });
  return {
    server,
    baseUrl: server.baseUrl,
    stop: async () => {
      await server.kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type ConsoleLanguage = 'fi' | 'sv' | 'en';

/**
 * A browser context in one language: the console's language menu starts from the browser's
 * language (and remembers a choice in localStorage); times are shown in Helsinki whatever the
 * machine's zone, so the context runs in another one to prove it.
 */
export async function newConsoleContext(browser: Browser, language: ConsoleLanguage, viewport = { width: 1280, height: 900 }): Promise<BrowserContext> {
  const locale = { fi: 'fi-FI', sv: 'sv-FI', en: 'en-GB' }[language];
  return browser.newContext({ locale, timezoneId: 'America/New_York', viewport });
}

/** Every console error and failed request of a page, so a test can assert there were none. */
export function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('response', (response) => {
    // 4xx answers the console shows as messages are part of the journeys; 5xx never are.
    if (response.status() >= 500) problems.push(`HTTP ${response.status()} ${response.request().method()} ${response.url()}`);
  });
  return problems;
}

export interface AxeFinding {
  page: string;
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/** What axe finds on the page as it is now, against WCAG 2.0/2.1 A and AA: the serious and critical findings. */
export async function seriousAxeFindings(page: Page, label: string): Promise<AxeFinding[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ page: label, id: v.id, impact: v.impact ?? '', help: v.help, targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
}

/** Writes docs/screenshots/<name>.png (linked from the README). */
export async function screenshot(page: Page, name: string, fullPage = true): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage, animations: 'disabled' });
}

/** How far the page is wider than its viewport (0: no horizontal scrolling). */
export function horizontalOverflow(page: Page): Promise<number> {
  // Runs in the page; the test project's types have no DOM, hence the string.
  return page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
}

/**
 * Horizontal overflow once the page has laid itself out at a new viewport size (components re-measure
 * after a resize): 0, or the overflow that stays for two seconds with the elements that cause it.
 */
export async function settledOverflow(page: Page): Promise<{ overflow: number; elements: string[] }> {
  for (let attempt = 0; ; attempt += 1) {
    const overflow = await horizontalOverflow(page);
    if (overflow === 0 || attempt >= 10) return { overflow, elements: overflow === 0 ? [] : await overflowingElements(page) };
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The innermost elements reaching past the viewport's right edge (tag, class, width, text), to say what overflows. */
export function overflowingElements(page: Page): Promise<string[]> {
  return page.evaluate<string[]>(`(() => {
    const width = document.documentElement.clientWidth;
    const wide = [...document.body.querySelectorAll('*')].filter((el) => el.getBoundingClientRect().right > width + 1);
    return wide
      .filter((el) => !wide.some((other) => other !== el && el.contains(other)))
      .slice(0, 5)
      .map((el) => el.tagName.toLowerCase() + '.' + String(el.className).split(' ').slice(0, 2).join('.') + ' ' + Math.round(el.getBoundingClientRect().width) + 'px: ' + (el.textContent || '').trim().slice(0, 60));
  })()`);
}

/** Signs in on the development sign-in page as the persona whose name starts the radio's label. */
export async function signIn(page: Page, baseUrl: string, persona: string, language: ConsoleLanguage): Promise<void> {
  await page.goto(`${baseUrl}/app/sign-in`);
  // suomifi draws its own radio over the native one; the native input is what is checked.
  await page.getByRole('radio', { name: new RegExp(`^${persona}`) }).check({ force: true });
  await page.getByRole('button', { name: consoleTexts(language).text('auth.signIn'), exact: true }).click();
  await page.waitForURL((url) => !url.pathname.endsWith('/sign-in'));
}

/** A development token for API calls a test makes itself (setting the scene, checking what was stored). */
export async function devToken(baseUrl: string, claims: { role: string; name: string; id?: string; org?: string; businessId?: string }): Promise<string> {
  const res = await fetch(`${baseUrl}/auth/dev-token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(claims) });
  if (res.status !== 200) throw new Error(`dev-token: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

/** A JSON API call with a bearer token; throws on anything but 2xx. */
export async function apiCall<T>(
  baseUrl: string,
  token: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<T> {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}
