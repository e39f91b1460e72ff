import { Browser, Page } from 'playwright-core';
import { http } from './support/http';
import { followLink, MerchantSite } from './support/merchant-site';
import { TestSystem } from './support/system';
import { completedCheckoutSession, newWebhookSecret, signStripeDelivery, stripeEvent } from './support/stripe-events';
import { dashboardPage, launchChromium, openFromNav, screenshot, setTestMode, signIn } from './support/dashboard-browser';

declare global {
  interface Window {
    __stillTheSamePage?: boolean;
  }
}

/**
 * The seed's testing flow, done by a merchant in the dashboard in a real browser: a test partner and
 * its link, a visit to the merchant's site through the link, a Stripe test purchase carrying the
 * click id, and the conversion appearing in the open Conversions page, attributed, without a reload.
 */
describe('the dashboard: the seed testing flow', () => {
  let system: TestSystem;
  let site: MerchantSite;
  let browser: Browser;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    system = await TestSystem.start({ services: ['tracking', 'webhook-ingest', 'attribution', 'commissions', 'dashboard'] });
    site = await MerchantSite.start({ snippetSrc: `${system.urls.tracking}/v1/selgeo.js`, publishableKey: system.keys.pk_test });
    browser = await launchChromium();
    ({ page, errors } = await dashboardPage(browser));
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await site?.stop();
    await system?.stop();
  });

  it('sees a test purchase through a new partner link attributed to the partner, without reloading', async () => {
    await signIn(page, system.urls.dashboard, system.dashboardOwner);
    await setTestMode(page, true);
    expect(await page.getByText('Test data', { exact: true }).isVisible()).toBe(true);

    // Stripe's signing secret for the workspace's own webhook URL, set where Get started says.
    await openFromNav(page, 'Get started');
    const webhookUrl = await page.locator('.copy-field code').filter({ hasText: '/webhooks/stripe/' }).first().innerText();
    const stripeSecret = newWebhookSecret();
    await page.getByLabel('Stripe signing secret').fill(stripeSecret);
    await page.getByRole('button', { name: 'Save secret' }).click();
    await page.getByText('Secret saved.').waitFor();

    // A test partner and its link.
    await openFromNav(page, 'Partners');
    await page.getByRole('button', { name: 'New partner' }).click();
    await page.getByLabel('Name').fill('Ada Test Partner');
    await page.getByLabel('Destination URL').fill(`${site.url}/pricing`);
    await page.getByRole('button', { name: 'Create partner' }).click();
    await page.getByRole('heading', { level: 1, name: 'Ada Test Partner' }).waitFor();
    await page.getByRole('button', { name: 'Create link' }).click();
    const hostedLink = page.locator('.link-row', { hasText: 'Hosted link' }).locator('code');
    await hostedLink.waitFor();
    const token = /\/r\/([a-z0-9_-]+)$/.exec(await hostedLink.innerText())?.[1];
    expect(token).toBeDefined();
    // The link names the configured public URL; in tests the tracking service listens on a port of its own.
    const link = `${system.urls.tracking}/r/${token}`;

    // The Conversions page is open, and stays the same page from here on.
    await openFromNav(page, 'Conversions');
    await page.getByText('No conversions yet').waitFor();
    await page.evaluate(() => (window.__stillTheSamePage = true));

    // A visitor follows the link: the hosted redirect records the click, the snippet keeps its id.
    const { landedAt, clickId } = await followLink(browser, link);
    expect(landedAt).toContain(`${site.url}/pricing`);
    expect(clickId).toMatch(/^[0-9a-f-]{36}$/);

    // The visitor pays with the test card: Stripe posts the signed checkout.session.completed carrying the click id.
    const event = stripeEvent('checkout.session.completed', completedCheckoutSession({ clientReferenceId: clickId, amountTotal: 4900, currency: 'usd' }));
    const delivery = signStripeDelivery(event, stripeSecret);
    const posted = await http('POST', webhookUrl, { body: delivery.body, headers: delivery.headers });
    expect(posted.status).toBe(200);

    const row = page.locator('tbody tr', { hasText: 'Ada Test Partner' });
    await row.waitFor({ timeout: 30_000 });
    await expect(row.innerText()).resolves.toContain('$49.00');
    await expect(row.innerText()).resolves.toMatch(/converted/i);
    expect(await page.evaluate(() => window.__stillTheSamePage)).toBe(true);
    await screenshot(page, 'flow-conversion-attributed');

    // Its detail page names the click and the Stripe ids.
    await row.getByRole('link').first().click();
    await page.getByText(clickId!).waitFor();
    await page.getByText(String((event.data as { object: { id: string } }).object.id)).waitFor();
    expect(errors).toEqual([]);
  }, 120_000);
});
