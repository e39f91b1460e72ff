import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';

const ROOT = resolve(__dirname, '../..');

/** Debian's headless Chromium, launched as the snippet's tests launch it (no browser download). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * A page of the dashboard with every error it raises collected, at a desktop size (the screenshots' size).
 * `clientAddress`: the client address a loopback proxy forwards for it, so the sign-in limit per address
 * counts this file's attempts only.
 */
export async function dashboardPage(browser: Browser, clientAddress?: string): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 860 },
    extraHTTPHeaders: clientAddress ? { 'x-forwarded-for': clientAddress } : undefined,
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  return { page, errors };
}

export async function signIn(page: Page, baseUrl: string, who: { email: string; password: string }): Promise<void> {
  await page.goto(`${baseUrl}/`);
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Dashboard' }).waitFor();
}

/** Goes to a page in place (the app's own router), as a click in the left navigation does. */
export async function openFromNav(page: Page, label: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Dashboard' }).getByRole('link', { name: label, exact: true }).click();
  await page.getByRole('heading', { level: 1 }).first().waitFor();
}

export async function setTestMode(page: Page, on: boolean): Promise<void> {
  const toggle = page.getByRole('switch', { name: 'Test mode' });
  if ((await toggle.getAttribute('aria-checked')) !== String(on)) await toggle.click();
  await page.waitForFunction((test) => window.location.pathname.startsWith('/test') === test, on);
}

/** Written under test-output/screenshots, and also where DASHBOARD_SCREENSHOTS says (docs/screenshots to refresh the committed ones). */
export async function screenshot(page: Page, name: string): Promise<string> {
  const dirs = [join(ROOT, 'test-output/screenshots')];
  if (process.env.DASHBOARD_SCREENSHOTS) dirs.push(resolve(ROOT, process.env.DASHBOARD_SCREENSHOTS));
  // From the top: the sticky top bar would otherwise be drawn where the page was scrolled to.
  await page.evaluate(() => window.scrollTo(0, 0));
  let first = '';
  for (const dir of dirs) {
    mkdirSync(dir, { recursive: true });
    const path = join(dir, `${name}.png`);
    await page.screenshot({ path, fullPage: true });
    first ||= path;
  }
  return first;
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/** axe-core run in the page: the serious and critical violations, each with the elements at fault. */
export async function accessibilityViolations(page: Page): Promise<AxeViolation[]> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const axeSource = (require('axe-core') as { source: string }).source;
  // Evaluated rather than added as an inline <script>: the dashboard's Content-Security-Policy rightly refuses inline scripts.
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: unknown) => Promise<{ violations: any[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n: any) => String(n.target)) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}
