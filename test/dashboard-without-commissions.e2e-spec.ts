import { Browser, Page } from 'playwright-core';
import { http } from './support/http';
import { saleThroughLink } from './support/merchant-api';
import { TestSystem } from './support/system';
import { accessibilityViolations, dashboardPage, launchChromium, openFromNav, setTestMode, signIn } from './support/dashboard-browser';

/**
 * A system run without the commissions service: the overview still shows clicks, sales and revenue
 * (from attribution's own summaries) and says why commissions are missing; the commissions page says
 * so in words instead of failing silently.
 */
describe('the dashboard without the commissions service', () => {
  let system: TestSystem;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    system = await TestSystem.start({ services: ['tracking', 'webhook-ingest', 'attribution', 'dashboard'] });
    const partner = await http('POST', `${system.urls.tracking}/v1/partners`, {
      key: system.keys.sk_test,
      json: { name: 'Hedy Partner', destination_url: 'https://shop.example.com/' },
    });
    await saleThroughLink(system, partner.body.id);
    browser = await launchChromium();
    ({ page } = await dashboardPage(browser));
    await signIn(page, system.urls.dashboard, system.dashboardOwner);
    await setTestMode(page, true);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await system?.stop();
  });

  it('shows clicks, sales and revenue on the overview, and says why commissions are not shown', async () => {
    await openFromNav(page, 'Overview');
    await page.getByRole('note').filter({ hasText: 'Commissions are not shown' }).waitFor();
    await page.locator('.stat', { hasText: 'Clicks' }).getByText('1', { exact: true }).waitFor();
    await page.locator('.stat', { hasText: 'Conversions' }).getByText('1', { exact: true }).waitFor();
    await page.locator('.stat', { hasText: 'Revenue (USD)' }).getByText('$49.00').waitFor();
    expect(await page.locator('.stat', { hasText: 'Commissions' }).count()).toBe(0);
    await page.getByRole('row', { name: /Hedy Partner/ }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('says in words that commissions cannot be loaded', async () => {
    await openFromNav(page, 'Commissions');
    await page.getByRole('alert').filter({ hasText: 'Commissions could not be loaded' }).waitFor({ timeout: 20_000 });
  });
});
