import { Browser, Page } from 'playwright-core';
import { eventually, http } from './support/http';
import { TestSystem } from './support/system';
import { completedCheckoutSession, signStripeDelivery, stripeEvent } from './support/stripe-events';
import { startWebhookReceiver, WebhookReceiver } from './support/webhook-receiver';
import { accessibilityViolations, dashboardPage, launchChromium, openFromNav, screenshot, setTestMode, signIn } from './support/dashboard-browser';

/**
 * Every page of the dashboard in headless Chromium, on a workspace with a partner, clicks, two
 * attributed sales and their commissions: each page shows its data, its main action works, it is
 * photographed (test-output/screenshots, and docs/screenshots with DASHBOARD_SCREENSHOTS=docs/screenshots),
 * and axe-core finds nothing serious or critical on it.
 */
describe('the dashboard pages', () => {
  let system: TestSystem;
  let browser: Browser;
  let receiver: WebhookReceiver;
  let page: Page;
  let errors: string[];
  const partner = { id: '', token: '', name: 'Grace Partner' };
  const sales: Array<{ eventId: string; clickId: string }> = [];

  beforeAll(async () => {
    system = await TestSystem.start({ services: ['tracking', 'webhook-ingest', 'attribution', 'commissions', 'dashboard'] });
    receiver = await startWebhookReceiver();
    await seed();
    browser = await launchChromium();
    ({ page, errors } = await dashboardPage(browser));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await receiver?.close();
    await system?.stop();
  });

  const api = (service: 'tracking' | 'commissions' | 'attribution', method: string, path: string, json?: unknown) =>
    http(method, `${system.urls[service]}${path}`, { key: system.keys.sk_test, json });

  /** The data the pages show, made through the services' own APIs as a merchant's integration would. */
  async function seed() {
    expect((await api('commissions', 'POST', '/v1/plans', { rate: { type: 'percentage', rate_bps: 2000 } })).status).toBe(201);
    const created = await api('tracking', 'POST', '/v1/partners', {
      name: partner.name,
      email: 'grace@example.com',
      destination_url: 'https://shop.example.com/',
    });
    partner.id = created.body.id;
    partner.token = (await api('tracking', 'POST', `/v1/partners/${partner.id}/referral-tokens`, { token: `grace-${Date.now().toString(36)}` })).body.token;
    for (const amount of [4900, 9900]) {
      const visit = await http('GET', `${system.urls.tracking}/r/${partner.token}`);
      const clickId = new URL(visit.headers.get('location')!).searchParams.get('selgeo_click_id')!;
      const event = stripeEvent(
        'checkout.session.completed',
        completedCheckoutSession({ clientReferenceId: clickId, amountTotal: amount, customerEmail: 'buyer@example.com' }),
      );
      const delivery = signStripeDelivery(event, system.webhookSecret);
      expect((await http('POST', `${system.urls.ingest}/webhooks/stripe`, { body: delivery.body, headers: delivery.headers })).status).toBe(200);
      sales.push({ eventId: event.id, clickId });
    }
    await eventually(
      async () => ((await api('commissions', 'GET', '/v1/commissions')).body.data.length === 2 ? true : undefined),
      'the two commissions',
      30_000,
    );
    // The overview counts what the commissions service has taken in: both clicks too, before any page is looked at.
    await eventually(
      async () => ((await api('commissions', 'GET', '/v1/commission-summary?group_by=partner')).body.data[0]?.clicks === 2 ? true : undefined),
      'the two clicks counted',
      30_000,
    );
  }

  /** Every page ends the same way: its picture, and no serious accessibility problem. */
  async function photographAndCheck(name: string) {
    await page.waitForLoadState('networkidle');
    await screenshot(page, name);
    expect(await accessibilityViolations(page)).toEqual([]);
  }

  it('sign-in: refuses a wrong password in words, then signs in', async () => {
    await page.goto(`${system.urls.dashboard}/`);
    await page.getByLabel('Email').fill(system.dashboardOwner.email);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'do not match' }).waitFor();
    await photographAndCheck('sign-in');
    await signIn(page, system.urls.dashboard, system.dashboardOwner);
    await setTestMode(page, true);
  });

  it('overview: the figures, the chart and the top partner', async () => {
    await openFromNav(page, 'Overview');
    await page.locator('.stat', { hasText: 'Clicks' }).getByText('2', { exact: true }).waitFor();
    await page.locator('.stat', { hasText: 'Revenue (USD)' }).getByText('$148.00').waitFor();
    await page.locator('.uplot').first().waitFor();
    await page.getByRole('row', { name: new RegExp(partner.name) }).waitFor();
    await page.getByLabel('Period').selectOption('90');
    await page.locator('.stat', { hasText: 'Conversions' }).getByText('2', { exact: true }).waitFor();
    await photographAndCheck('overview');
  });

  it('get started: the snippet tag with the publishable key, the Stripe webhook URL, the checklist ticked', async () => {
    await openFromNav(page, 'Get started');
    const create = page.getByRole('button', { name: 'Create a publishable key' });
    const tag = page.locator('.snippet code');
    await Promise.race([create.waitFor(), tag.waitFor()]);
    if (await create.isVisible()) await create.click();
    await tag.waitFor();
    // The README's tag: the queue stub first, so `__selgeo.push(…)` works before the snippet has loaded.
    expect(await tag.innerText()).toMatch(
      /^<script>window\.__selgeo = window\.__selgeo \|\| \[\];<\/script>\n<script async src="[^"]+\/v1\/selgeo\.js" data-merchant="pk_test_[A-Za-z0-9]+"><\/script>$/,
    );
    await page.getByText('/webhooks/stripe/').first().waitFor();
    await page.locator('.checklist li.done', { hasText: 'First click recorded' }).waitFor();
    await page.locator('.checklist li.done', { hasText: 'First conversion attributed' }).waitFor();
    await photographAndCheck('get-started');
  });

  it('partners: the list, and a new partner created', async () => {
    await openFromNav(page, 'Partners');
    await page.getByRole('link', { name: partner.name }).waitFor();
    await photographAndCheck('partners');
    await page.getByRole('button', { name: 'New partner' }).click();
    await page.getByLabel('Name').fill('Linus Partner');
    await page.getByLabel('Destination URL').fill('not a url');
    await page.getByRole('button', { name: 'Create partner' }).click();
    // The browser's own check stops a malformed URL; a well-formed one the service refuses is shown in words.
    await page.getByLabel('Destination URL').fill('ftp://shop.example.com/');
    await page.getByRole('button', { name: 'Create partner' }).click();
    const refused = page.getByRole('alert').filter({ hasText: 'http(s)' });
    await refused.waitFor();
    // Once, and in the form's words rather than the API's field name.
    expect(await refused.innerText()).toMatch(/^[^;]*Destination URL: must be an absolute http\(s\) URL[^;]*$/);
    await page.getByLabel('Destination URL').fill('https://shop.example.com/linus');
    await page.getByRole('button', { name: 'Create partner' }).click();
    await page.getByRole('heading', { level: 1, name: 'Linus Partner' }).waitFor();
  });

  it("a partner's page: links with copy buttons, a new promo code, the figures", async () => {
    await page.goto(`${system.urls.dashboard}/test/partners/${partner.id}`);
    await page.getByRole('heading', { level: 1, name: partner.name }).waitFor();
    await page.getByText(`/r/${partner.token}`).waitFor();
    await page.getByText(`https://shop.example.com/?ref=${partner.token}`).waitFor();
    await page.getByRole('textbox', { name: 'Promo code' }).fill('grace20');
    await page.getByRole('button', { name: 'Create promo code' }).click();
    await page.locator('.links code', { hasText: 'GRACE20' }).waitFor();
    await page.locator('.stat', { hasText: 'Clicks' }).getByText('2', { exact: true }).waitFor();
    await page.locator('.stat', { hasText: 'Revenue' }).getByText('$148.00').waitFor();
    expect(await page.getByRole('button', { name: /^Copy link/ }).count()).toBe(2);
    await photographAndCheck('partner');
  });

  it('conversions: the list, a detail page with its click and Stripe ids, and why a sale was (not) attributed', async () => {
    await openFromNav(page, 'Conversions');
    const rows = page.locator('tbody tr', { hasText: partner.name });
    await rows.nth(1).waitFor();
    await page.getByLabel('Stripe id').fill(sales[0].eventId);
    await page.getByRole('button', { name: 'Explain' }).click();
    const explanation = page.locator('.explanation');
    await explanation.getByText(partner.name, { exact: false }).first().waitFor();
    // The partner by name, not by id; and no sentence twice.
    const said = await explanation.innerText();
    expect(said).not.toContain(partner.id);
    const sentences = said
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    expect(new Set(sentences).size).toBe(sentences.length);
    await photographAndCheck('conversions');
    await rows.filter({ hasText: '$49.00' }).getByRole('link').click();
    await page.getByText(sales[0].clickId).waitFor();
    await page.getByText(sales[0].eventId).waitFor();
    await photographAndCheck('conversion');
  });

  it('commissions: one approved, one voided with a reason', async () => {
    await openFromNav(page, 'Commissions');
    const pending = page.locator('tbody tr', { hasText: 'pending' });
    await pending.nth(1).waitFor();
    await page.locator('.card', { hasText: 'Balances' }).getByText(partner.name).waitFor();
    await pending.filter({ hasText: '$9.80' }).getByRole('button', { name: 'Approve' }).click();
    await page.locator('tbody tr', { hasText: '$9.80' }).filter({ hasText: 'approved' }).waitFor();
    await page.locator('tbody tr', { hasText: '$19.80' }).getByRole('button', { name: 'Void…' }).click();
    await page.getByLabel('Reason for voiding').fill('Self-referral found by review');
    await page.getByRole('button', { name: 'Void commission' }).click();
    await page.locator('tbody tr', { hasText: '$19.80' }).filter({ hasText: 'voided' }).waitFor();
    await photographAndCheck('commissions');
  });

  it('payouts: drafted with an Idempotency-Key, its CSV, marked paid with a reference', async () => {
    await openFromNav(page, 'Payouts');
    await page.getByLabel('Currency').fill('usd');
    await page.getByRole('button', { name: 'Draft payouts' }).click();
    const csvLink = page.getByRole('link', { name: 'Download the batch as CSV' });
    await csvLink.waitFor();
    const csv = await page.request.get(new URL((await csvLink.getAttribute('href'))!, system.urls.dashboard).toString());
    expect(csv.status()).toBe(200);
    expect(await csv.text()).toContain(partner.name);
    const row = page.locator('tbody tr', { hasText: '$9.80' });
    await row.getByRole('button', { name: 'Mark paid…' }).click();
    await page.getByLabel('Payment reference').fill('BANK-2026-001');
    await page.getByRole('button', { name: 'Mark paid', exact: true }).click();
    await page.locator('tbody tr', { hasText: 'BANK-2026-001' }).filter({ hasText: 'paid' }).waitFor();
    await photographAndCheck('payouts');
  });

  it('webhooks: an endpoint added (its secret shown once), a test event delivered with its attempt', async () => {
    await openFromNav(page, 'Webhooks');
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    await page.getByLabel('Endpoint URL').fill(receiver.url);
    await page.getByLabel('Description (optional)').fill('Our CRM');
    await page.getByRole('button', { name: 'Add endpoint' }).last().click();
    receiver.secret = await page.locator('.shown-once code').innerText();
    expect(receiver.secret).toMatch(/^whsec_[0-9a-f]{64}$/);
    await photographAndCheck('webhooks');
    await page.getByRole('link', { name: receiver.url }).click();
    await page.getByRole('button', { name: 'Send test event' }).click();
    const delivery = page.locator('.delivery', { hasText: 'webhook.test' });
    await delivery.filter({ hasText: 'succeeded' }).waitFor({ timeout: 20_000 });
    expect(receiver.requests.some((r) => r.signatureValid)).toBe(true);
    await delivery.locator('summary').click();
    await delivery.getByText(/HTTP 200 in \d+ ms/).waitFor();
    await delivery.getByRole('button', { name: 'Redeliver' }).click();
    await eventually(async () => (receiver.requests.filter((r) => r.signatureValid).length >= 2 ? true : undefined), 'the redelivery');
    await photographAndCheck('webhook-endpoint');
  });

  it('settings: the attribution window changed, a secret key shown once, a user added', async () => {
    await openFromNav(page, 'Settings');
    await page.getByLabel('Days a click counts').fill('30');
    await page.locator('.card', { hasText: 'Attribution window' }).getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved: 30 days.').waitFor();
    expect((await api('tracking', 'GET', '/v1/settings')).body.attribution_window_days).toBe(30);
    await page.getByRole('button', { name: 'New secret key' }).click();
    expect(await page.locator('.shown-once code').innerText()).toMatch(/^sk_test_/);
    await page.getByRole('button', { name: 'I have copied it' }).click();
    await page.getByLabel('Email of the person to add').fill('member@example.com');
    await page.getByRole('button', { name: 'Add user' }).click();
    await page.locator('.shown-once', { hasText: 'member@example.com' }).waitFor();
    await page.getByRole('cell', { name: 'member@example.com' }).waitFor();
    const memberPassword = await page.locator('.shown-once', { hasText: 'member@example.com' }).locator('code').innerText();
    await photographAndCheck('settings');

    // The member signs in with the password shown once; what only owners may change is refused in words.
    const { page: member } = await dashboardPage(browser);
    await signIn(member, system.urls.dashboard, { email: 'member@example.com', password: memberPassword });
    await member.goto(`${system.urls.dashboard}/test/settings`);
    await member.getByRole('note').filter({ hasText: 'only an owner can change them' }).waitFor();
    await member.getByLabel('Days a click counts').fill('45');
    await member.locator('.card', { hasText: 'Attribution window' }).getByRole('button', { name: 'Save' }).click();
    await member.getByRole('alert').filter({ hasText: 'Not saved' }).waitFor();
    expect((await api('tracking', 'GET', '/v1/settings')).body.attribution_window_days).toBe(30);
    await member.context().close();
  });

  it('live mode: none of the test data, and no test marking', async () => {
    await openFromNav(page, 'Partners');
    await setTestMode(page, false);
    await page.getByText('No partners yet').waitFor();
    expect(await page.getByText('Test data', { exact: true }).count()).toBe(0);
    expect(await page.getByText('Live data', { exact: true }).isVisible()).toBe(true);
    await photographAndCheck('partners-live');
    await setTestMode(page, true);
    await page.getByRole('link', { name: partner.name }).waitFor();
  });

  it('a session ended elsewhere takes every open tab to the sign-in page', async () => {
    const other = await page.context().newPage();
    await other.goto(`${system.urls.dashboard}/test/conversions`);
    await other.getByRole('heading', { level: 1, name: 'Conversions' }).waitFor();
    await page.getByRole('button', { name: 'Sign out everywhere' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await page.getByRole('status').filter({ hasText: 'You signed out on every device' }).waitFor();
    // The open Conversions tab asks again every few seconds: the 401 it gets shows the sign-in page, saying why.
    await other.getByRole('button', { name: 'Sign in' }).waitFor({ timeout: 15_000 });
    await other.getByRole('status').filter({ hasText: 'Your session ended; sign in again.' }).waitFor();
    await other.close();
  });

  it('settings: a new password, then signed out and in with it, with no page error along the way', async () => {
    await signIn(page, system.urls.dashboard, system.dashboardOwner);
    await openFromNav(page, 'Settings');
    const password = `${system.dashboardOwner.password}-renewed`;
    await page.getByLabel('Current password').fill(system.dashboardOwner.password);
    await page.getByLabel('New password').fill(password);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('Password changed.').waitFor();
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await signIn(page, system.urls.dashboard, { email: system.dashboardOwner.email, password });
    expect(errors).toEqual([]);
  });

  it('sign-in: too many failures for an address are refused in words, with when to try again', async () => {
    const { page: other } = await dashboardPage(browser);
    await other.goto(`${system.urls.dashboard}/`);
    // An address of this test's own: failed sign-ins are counted per address across the whole instance (and test run).
    await other.getByLabel('Email').fill(`locked-out-${system.namespace}@example.com`);
    await other.getByLabel('Password').fill('wrong password');
    const alert = other.getByRole('alert');
    for (let i = 0; i < 10 && !((await alert.isVisible()) && (await alert.innerText()).includes('Too many')); i++) {
      await other.getByRole('button', { name: 'Sign in' }).click();
      await alert.waitFor();
      await other.waitForFunction(() => !document.querySelector('button[type=submit]')?.hasAttribute('disabled'));
    }
    expect(await alert.innerText()).toMatch(/^Too many sign-in attempts\. Try again in \d+ seconds\.$/);
    await other.context().close();
  });
});
