/**
 * What the browser tests share: where Chromium is, whether a missing one skips or fails, building the
 * web UI once even when several browser test files start at the same moment, and a page's console
 * problems.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, ConsoleMessage, Page } from 'playwright-core';
import { TEST_PASSWORD } from '../helpers.ts';

// Debian's Chromium; EMBARK_CHROMIUM points elsewhere (another distribution, a Chrome install)
export const CHROMIUM = process.env.EMBARK_CHROMIUM || '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'];
const root = path.resolve(import.meta.dirname, '../..');
const browserRequired = process.env.CI === 'true' || process.env.EMBARK_REQUIRE_BROWSER === '1';
export const missingBrowser = existsSync(CHROMIUM) ? undefined : `Chromium not found at ${CHROMIUM}: apt-get install -y chromium (or set EMBARK_CHROMIUM)`;
// without a browser the tests are skipped on a developer's machine, and fail where one is promised
export const skip = missingBrowser && !browserRequired ? missingBrowser : false;

/** For a `before`: fails where a browser is promised but missing (describe's `skip` covers the rest). */
export function requireBrowser(): void {
  if (missingBrowser) {
    throw new Error(`${missingBrowser} (the browser tests are required here because ${process.env.CI === 'true' ? 'CI=true' : 'EMBARK_REQUIRE_BROWSER=1'})`);
  }
}

const LOCK = path.join(tmpdir(), `embark-build-web-${createHash('sha256').update(root).digest('hex').slice(0, 12)}.lock`);
const STALE_LOCK_MS = 5 * 60_000;

/**
 * Builds web/dist when a source is newer. Test files run in parallel and Vite empties web/dist before
 * writing, so builds take turns: one builds, the others wait and then find it fresh.
 */
export async function buildWebUi(): Promise<void> {
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      // a build that crashed left its lock: take over
      try {
        if (Date.now() - statSync(LOCK).mtimeMs > STALE_LOCK_MS) rmSync(LOCK, { recursive: true, force: true });
      } catch {
        // released in the meantime
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  try {
    const result = spawnSync(process.execPath, [path.join(root, 'scripts/build-web.mjs'), '--if-needed'], { cwd: root, encoding: 'utf8' });
    if (result.status !== 0 || !existsSync(path.join(root, 'web/dist/index.html'))) {
      throw new Error(`could not build the web UI (node scripts/build-web.mjs exited ${result.status}):\n${result.stdout}\n${result.stderr}`);
    }
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

/** Console errors the page logged, and uncaught exceptions, so a test can assert there were none. */
export function recordProblems(page: Page, problems: string[] = []): string[] {
  page.on('console', (message: ConsoleMessage) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  return problems;
}

export const isCspViolation = (text: string) => /Content Security Policy|Refused to (load|execute|apply)/i.test(text);

const AXE = path.join(root, 'node_modules/axe-core/axe.min.js');
const SCREENSHOTS = path.join(root, '.tmp/screenshots');

/**
 * axe-core's serious and critical violations on the page once it has settled, as "rule: target" lines (empty when none).
 * A list that is reloading is faded (`aria-busy`, opacity 0.6) for a moment; axe would count that as low contrast, so
 * the check waits for every busy region to finish first.
 */
export async function seriousA11yProblems(page: Page): Promise<string[]> {
  await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'), undefined, { timeout: 10_000 });
  // evaluated through the DevTools protocol, which the page's content security policy does not govern (a <script> tag it would refuse)
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(readFileSync(AXE, 'utf8'));
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document): Promise<{ violations: { id: string; impact: string | null; nodes: { target: string[] }[] }[] }> } }).axe;
    return (await axe.run(document)).violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.map((n) => n.target.join(' ')) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.targets.join(', ')}`);
}

/** Writes `<name>-desktop.png` (1280 wide) and `<name>-mobile.png` (390 wide) of the whole page to .tmp/screenshots, for a person to look at. */
export async function screenshots(page: Page, name: string): Promise<{ overflow: number }> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const before = page.viewportSize() ?? { width: 1280, height: 800 };
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-desktop.png`), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  // how far the page is wider than the phone: tables must scroll inside their card instead
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-mobile.png`), fullPage: true });
  await page.setViewportSize(before);
  return { overflow };
}

/**
 * A new page at desktop width (1280×800), signed in as `email` with the test password through the
 * tenant's own sign-in page, its console errors and uncaught exceptions collected into `problems`.
 * Answers once the form is sent: the caller waits for the page it expects to land on.
 */
export async function signedInPage(browser: Browser, baseUrl: string, subdomain: string, email: string, problems: string[]): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  page.setDefaultTimeout(15_000);
  recordProblems(page, problems);
  await page.goto(`${baseUrl}/t/${subdomain}/login`);
  const form = page.getByRole('form', { name: 'Sign in', exact: true });
  await form.getByLabel('Email').fill(email);
  await form.getByLabel('Password').fill(TEST_PASSWORD);
  await form.getByRole('button', { name: 'Sign in' }).click();
  return page;
}
