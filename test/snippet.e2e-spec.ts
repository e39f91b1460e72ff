import { Browser, BrowserContext, Page } from 'playwright-core';
import { Streams } from '@app/domain';
import { http } from './support/http';
import { launchChromium } from './support/dashboard-browser';
import { MerchantSite, snippetClickId } from './support/merchant-site';
import { freePort } from './support/nats-server';
import { TestSystem } from './support/system';

/**
 * The snippet in a real headless Chromium, on a merchant page of its own origin, against the
 * running tracking service.
 */
describe('the browser snippet', () => {
  let system: TestSystem;
  let site: MerchantSite;
  let browser: Browser;
  let partner: { id: string; token: string };

  beforeAll(async () => {
    system = await TestSystem.start({ services: ['tracking'] });
    site = await MerchantSite.start({ snippetSrc: `${system.urls.tracking}/v1/selgeo.js`, publishableKey: system.keys.pk_test });
    partner = await createPartner('Ada', `${site.url}/landing`);
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await site?.stop();
    await system?.stop();
  });

  async function createPartner(name: string, destination: string) {
    const created = await http('POST', `${system.urls.tracking}/v1/partners`, { key: system.keys.sk_test, json: { name, destination_url: destination } });
    const token = await http('POST', `${system.urls.tracking}/v1/partners/${created.body.id}/referral-tokens`, { key: system.keys.sk_test, json: {} });
    return { id: created.body.id as string, token: token.body.token as string };
  }

  /** A fresh browser profile, with every error the page raises or logs collected. */
  async function visitor(init?: () => void): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
    const context = await browser.newContext();
    if (init) await context.addInitScript(init);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      // Chromium itself logs failed network requests ("Failed to load resource ..."); those are the
      // browser's notices of the 4xx/unreachable answers these tests provoke, not the snippet's output.
      if ((m.type() === 'error' || m.type() === 'warning') && !m.text().startsWith('Failed to load resource')) errors.push(`${m.type()}: ${m.text()}`);
    });
    return { context, page, errors };
  }

  it('is served as a small, cacheable script', async () => {
    const response = await fetch(`${system.urls.tracking}/v1/selgeo.js`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/javascript; charset=utf-8');
    expect(response.headers.get('cache-control')).toMatch(/public, max-age=300/);
    const body = await response.text();
    expect(body.length).toBeLessThan(6000);
    const etag = response.headers.get('etag')!;
    expect((await fetch(`${system.urls.tracking}/v1/selgeo.js`, { headers: { 'if-none-match': etag } })).status).toBe(304);
  });

  it('registers the click of ?ref=TOKEN and keeps its id across reloads and pages', async () => {
    const { context, page, errors } = await visitor();
    await page.goto(`${site.url}/landing?ref=${partner.token}`);
    const clickId = await snippetClickId(page);
    expect(clickId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);

    const recorded = await system.streamContents<{ click_id: string; partner_id: string; source: string; landing_url: string }>(Streams.clicks.name);
    const click = recorded.find((m) => m.data.click_id === clickId)!;
    expect(click.data).toMatchObject({ partner_id: partner.id, source: 'snippet' });
    // The landing URL travels with the click but is not kept (issue 16, hole 11).
    expect(click.data).not.toHaveProperty('landing_url');

    await page.reload();
    expect(await snippetClickId(page)).toBe(clickId);
    await page.goto(`${site.url}/second-page`);
    expect(await snippetClickId(page)).toBe(clickId);
    // A reload of the referral link is the same visit, not a second click.
    await page.goto(`${site.url}/landing?ref=${partner.token}`);
    expect(await snippetClickId(page)).toBe(clickId);
    expect((await system.streamContents<{ click_id: string }>(Streams.clicks.name)).filter((m) => m.data.click_id === clickId)).toHaveLength(1);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('rewrites Stripe Payment Links, buy buttons and pricing tables, including ones added later', async () => {
    const { context, page, errors } = await visitor();
    await page.goto(`${site.url}/landing?ref=${partner.token}`);
    const clickId = (await snippetClickId(page))!;
    const attrs = () =>
      page.evaluate(() => ({
        plain: document.querySelector<HTMLAnchorElement>('#plain')!.href,
        params: document.querySelector<HTMLAnchorElement>('#params')!.href,
        preset: document.querySelector<HTMLAnchorElement>('#preset')!.href,
        elsewhere: document.querySelector<HTMLAnchorElement>('#elsewhere')!.href,
        button: document.querySelector('#button')!.getAttribute('client-reference-id'),
        table: document.querySelector('#table')!.getAttribute('client-reference-id'),
        buttonPreset: document.querySelector('#button-preset')!.getAttribute('client-reference-id'),
      }));
    expect(await attrs()).toEqual({
      plain: `https://buy.stripe.com/test_plain?client_reference_id=${clickId}`,
      params: `https://buy.stripe.com/test_params?prefilled_email=ada%40example.com&locale=fr&client_reference_id=${clickId}`,
      preset: 'https://buy.stripe.com/test_preset?client_reference_id=merchant-ref-7',
      elsewhere: 'https://example.com/pay',
      button: clickId,
      table: clickId,
      buttonPreset: 'merchant-ref-8',
    });

    await page.evaluate(() => {
      const late = document.createElement('a');
      late.id = 'late';
      late.href = 'https://buy.stripe.com/test_late?quantity=2';
      document.body.appendChild(late);
      const wrapper = document.createElement('div');
      wrapper.innerHTML = '<section><stripe-pricing-table id="late-table"></stripe-pricing-table></section>';
      document.body.appendChild(wrapper);
      document.querySelector<HTMLAnchorElement>('#elsewhere')!.href = 'https://buy.stripe.com/test_changed';
    });
    await page.waitForFunction(() => document.querySelector<HTMLAnchorElement>('#late')!.href.includes('client_reference_id='));
    expect(await page.evaluate(() => document.querySelector<HTMLAnchorElement>('#late')!.href)).toBe(
      `https://buy.stripe.com/test_late?quantity=2&client_reference_id=${clickId}`,
    );
    expect(await page.evaluate(() => document.querySelector('#late-table')!.getAttribute('client-reference-id'))).toBe(clickId);
    expect(await page.evaluate(() => document.querySelector<HTMLAnchorElement>('#elsewhere')!.href)).toBe(
      `https://buy.stripe.com/test_changed?client_reference_id=${clickId}`,
    );
    expect(errors).toEqual([]);
    await context.close();
  });

  it('keeps the last click: a visit through another partner replaces the id', async () => {
    const other = await createPartner('Grace', `${site.url}/landing`);
    const { context, page } = await visitor();
    await page.goto(`${site.url}/landing?ref=${partner.token}`);
    const first = await snippetClickId(page);
    await page.goto(`${site.url}/landing?ref=${other.token}`);
    const second = await snippetClickId(page);
    expect(second).not.toBeNull();
    expect(second).not.toBe(first);
    const recorded = await system.streamContents<{ click_id: string; partner_id: string }>(Streams.clicks.name);
    expect(recorded.find((m) => m.data.click_id === second)!.data.partner_id).toBe(other.id);
    await context.close();
  });

  it('takes over the click id of the hosted redirect, and removes it from the address bar', async () => {
    const { context, page, errors } = await visitor();
    await page.goto(`${system.urls.tracking}/r/${partner.token}`);
    expect(page.url()).toBe(`${site.url}/landing`);
    const clickId = await snippetClickId(page);
    const recorded = await system.streamContents<{ click_id: string; source: string }>(Streams.clicks.name);
    expect(recorded.find((m) => m.data.click_id === clickId)!.data.source).toBe('redirect');
    await page.goto(`${site.url}/second-page`);
    expect(await snippetClickId(page)).toBe(clickId);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('stays quiet for an unknown token, and keeps the last good id', async () => {
    const { context, page, errors } = await visitor();
    await page.goto(`${site.url}/landing?ref=no-such-token`);
    expect(await snippetClickId(page)).toBeNull();
    expect(await page.evaluate(() => document.querySelector<HTMLAnchorElement>('#plain')!.href)).toBe('https://buy.stripe.com/test_plain');
    await page.goto(`${site.url}/landing?ref=${partner.token}`);
    const good = await snippetClickId(page);
    await page.goto(`${site.url}/landing?ref=another-unknown-token`);
    expect(await snippetClickId(page)).toBe(good);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('stays quiet when the tracking service is unreachable', async () => {
    const deadApi = `http://127.0.0.1:${await freePort()}`;
    const offline = await MerchantSite.start({ snippetSrc: '/selgeo.js', publishableKey: system.keys.pk_test, api: deadApi });
    try {
      const { context, page, errors } = await visitor();
      await page.goto(`${offline.url}/landing?ref=${partner.token}`);
      expect(await snippetClickId(page)).toBeNull();
      expect(await page.evaluate(() => document.title)).toBe('Shop');
      expect(errors).toEqual([]);
      await context.close();
    } finally {
      await offline.stop();
    }
  });

  it('works with storage disabled (no localStorage), keeping the id for the page and in a first-party cookie', async () => {
    const { context, page, errors } = await visitor(() => {
      Object.defineProperty(window, 'localStorage', {
        get() {
          throw new DOMException('The operation is insecure.', 'SecurityError');
        },
      });
    });
    await page.goto(`${site.url}/landing?ref=${partner.token}`);
    const clickId = await snippetClickId(page);
    expect(clickId).not.toBeNull();
    await page.reload();
    expect(await snippetClickId(page)).toBe(clickId);
    expect(errors).toEqual([]);
    await context.close();
  });
});
