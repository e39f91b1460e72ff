import { Browser, Page } from 'playwright-core';
import { http } from './support/http';
import { saleThroughLink } from './support/merchant-api';
import { TestSystem } from './support/system';
import { dashboardPage, launchChromium, openFromNav, setTestMode, signIn } from './support/dashboard-browser';

/**
 * The dashboard on the attribution and tracking reads made for it: partner search, conversion
 * filters, the first Stripe event ticked off, a conversion's history, and an explanation for a
 * Checkout Session id, in plain words.
 */
describe('the dashboard on its reads', () => {
  let system: TestSystem;
  let browser: Browser;
  let page: Page;
  const sale = { sessionId: '' };

  beforeAll(async () => {
    system = await TestSystem.start({ services: ['tracking', 'webhook-ingest', 'attribution', 'commissions', 'dashboard'] });
    const api = (method: string, path: string, json?: unknown) => http(method, `${system.urls.tracking}${path}`, { key: system.keys.sk_test, json });
    const grace = (await api('POST', '/v1/partners', { name: 'Grace Searchable', destination_url: 'https://shop.example.com/' })).body;
    await api('POST', '/v1/partners', { name: 'Linus Other', destination_url: 'https://shop.example.com/' });
    sale.sessionId = (await saleThroughLink(system, grace.id)).sessionId;
    browser = await launchChromium();
    ({ page } = await dashboardPage(browser));
    await signIn(page, system.urls.dashboard, system.dashboardOwner);
    await setTestMode(page, true);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await system?.stop();
  });

  it('searches partners by the start of a name, on the server', async () => {
    await openFromNav(page, 'Partners');
    await page.getByRole('link', { name: 'Linus Other' }).waitFor();
    await page.getByLabel('Search partners').fill('grac');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForFunction(() => !document.body.innerText.includes('Linus Other'));
    expect(await page.getByRole('link', { name: 'Grace Searchable' }).count()).toBe(1);
  });

  it('ticks off the first Stripe event, and shows the publishable key in the tag without making one', async () => {
    await openFromNav(page, 'Get started');
    await page.locator('.checklist li.done', { hasText: 'First Stripe event received' }).waitFor();
    expect(await page.locator('.snippet code').innerText()).toContain(`data-merchant="${system.keys.pk_test}"`);
  });

  it("filters conversions by status, and shows a conversion's history", async () => {
    await openFromNav(page, 'Conversions');
    await page.locator('tbody tr', { hasText: 'Grace Searchable' }).waitFor();
    await page.getByLabel('Status').selectOption('expired');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByText('No conversion matches these filters.').waitFor();
    await page.getByLabel('Status').selectOption('converted');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.locator('tbody tr', { hasText: 'Grace Searchable' }).getByRole('link').click();
    await page.locator('.timeline li', { hasText: 'checkout.session.completed' }).waitFor();
  });

  it('explains a Checkout Session id in plain words', async () => {
    await openFromNav(page, 'Conversions');
    await page.getByLabel('Stripe id').fill(sale.sessionId);
    await page.getByRole('button', { name: 'Explain' }).click();
    const answer = page.locator('.explanation');
    await answer.waitFor();
    const words = await answer.innerText();
    expect(words).toContain('This Checkout Session was attributed');
    expect(words).toContain('checkout.session.completed');
    await answer.getByRole('link', { name: 'Open the conversion' }).waitFor();
  });

  it('pages partners on the server, 25 at a time, with Next and Previous', async () => {
    for (let i = 1; i <= 26; i++) {
      const created = await http('POST', `${system.urls.tracking}/v1/partners`, {
        key: system.keys.sk_test,
        json: { name: `Paged ${String(i).padStart(2, '0')}`, destination_url: 'https://shop.example.com/' },
      });
      expect(created.status).toBe(201);
    }
    await page.goto(`${system.urls.dashboard}/test/partners`);
    const names = () => page.locator('tbody tr td:first-child').allInnerTexts();
    await page.getByRole('link', { name: 'Paged 26' }).waitFor();
    expect(await names()).toHaveLength(25);
    expect(await page.getByRole('button', { name: 'Previous' }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByText('Page 2').waitFor();
    await page.getByRole('link', { name: 'Grace Searchable' }).waitFor();
    expect(await names()).toEqual(['Paged 01', 'Linus Other', 'Grace Searchable']);
    expect(await page.getByRole('button', { name: 'Next' }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Previous' }).click();
    await page.getByRole('link', { name: 'Paged 26' }).waitFor();
  });
});
