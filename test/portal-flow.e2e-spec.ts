import { Browser, Page } from 'playwright-core';
import { http } from './support/http';
import { followLink, MerchantSite } from './support/merchant-site';
import { PORTAL_PASSWORD } from './support/portal';
import { TestSystem } from './support/system';
import { completedCheckoutSession, signStripeDelivery, stripeEvent } from './support/stripe-events';
import { dashboardPage, launchChromium, openFromNav, screenshot, setTestMode, signIn } from './support/dashboard-browser';

/** This file's own client address (forwarded by loopback), so its few sign-ins count apart from other files'. */
const CLIENT_ADDRESS = '198.51.100.41';

/**
 * The partner portal's story in one real browser: the merchant invites a partner from the dashboard and
 * copies the invitation link; the partner accepts it, signs in and finds their link; a visitor follows
 * the link to the merchant's site and pays with Stripe (a signed checkout.session.completed carrying the
 * click id); the partner sees the conversion and its pending commission (the portal does not poll: the
 * partner reloads, as a person would); the merchant approves it, drafts a payout and marks it paid in the
 * dashboard, and the partner's Money page shows it paid. Then the merchant suspends the partner's access,
 * and the partner's open portal shows the sign-in page on its next request.
 */
describe('the partner portal: the story of the issue in a browser', () => {
  let system: TestSystem;
  let site: MerchantSite;
  let browser: Browser;
  let merchant: Page;
  let partner: Page;
  let merchantErrors: string[];
  let partnerErrors: string[];
  let partnerPageUrl = '';
  let invitationUrl = '';
  let token = '';
  const email = `ada.${Date.now().toString(36)}@portal.example`;

  beforeAll(async () => {
    system = await TestSystem.start({ services: ['tracking', 'webhook-ingest', 'attribution', 'commissions', 'dashboard'] });
    site = await MerchantSite.start({ snippetSrc: `${system.urls.tracking}/v1/selgeo.js`, publishableKey: system.keys.pk_test });
    // The workspace pays 20% of each sale (its commission plan, made through the commissions API as an integration would).
    const plan = await http('POST', `${system.urls.commissions}/v1/plans`, {
      key: system.keys.sk_test,
      json: { rate: { type: 'percentage', rate_bps: 2000 } },
    });
    expect(plan.status).toBe(201);
    browser = await launchChromium();
    ({ page: merchant, errors: merchantErrors } = await dashboardPage(browser, CLIENT_ADDRESS));
    ({ page: partner, errors: partnerErrors } = await dashboardPage(browser, CLIENT_ADDRESS));
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await site?.stop();
    await system?.stop();
  });

  const portalNav = (label: string) => partner.getByRole('navigation', { name: 'Partner portal' }).getByRole('link', { name: label, exact: true });

  /** The portal shows what it had when the page was loaded: the partner reloads until `what` is there. */
  async function reloadUntil(check: () => Promise<boolean>, what: string, timeoutMs = 30_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await partner.waitForLoadState('networkidle');
      if (await check()) return;
      if (Date.now() > deadline) throw new Error(`the portal never showed ${what}`);
      await partner.waitForTimeout(500);
      await partner.reload();
    }
  }

  it('the merchant invites a partner from their page and copies the invitation link', async () => {
    await signIn(merchant, system.urls.dashboard, system.dashboardOwner);
    await setTestMode(merchant, true);
    await openFromNav(merchant, 'Partners');
    await merchant.getByRole('button', { name: 'New partner' }).click();
    await merchant.getByLabel('Name').fill('Ada Lovelace');
    await merchant.getByLabel('Destination URL').fill(`${site.url}/pricing`);
    await merchant.getByRole('button', { name: 'Create partner' }).click();
    await merchant.getByRole('heading', { level: 1, name: 'Ada Lovelace' }).waitFor();
    partnerPageUrl = merchant.url();
    await merchant.getByRole('button', { name: 'Create link' }).click();
    const hostedLink = merchant.locator('.link-row', { hasText: 'Hosted link' }).locator('code');
    await hostedLink.waitFor();
    token = /\/r\/([a-z0-9_-]+)$/.exec(await hostedLink.innerText())![1];

    const card = merchant.locator('.card', { has: merchant.getByRole('heading', { name: 'Partner portal' }) });
    await card.getByText('Invite the partner so they can follow').waitFor();
    await card.getByRole('button', { name: 'Invite to the portal' }).click();
    invitationUrl = await card.locator('.shown-once code').innerText();
    expect(invitationUrl).toMatch(new RegExp(`^${system.urls.dashboard.replace(/[.:/]/g, '\\$&')}/portal/accept#[A-Za-z0-9_-]{20,}$`));
    await card.getByRole('button', { name: 'Invite again' }).waitFor();
    await screenshot(merchant, 'dashboard-partner-portal-access');
  });

  it('the partner accepts, signs in and finds their link', async () => {
    await partner.goto(invitationUrl);
    expect(await partner.getByTestId('invitation-summary').innerText()).toContain('Ada Lovelace');
    await partner.getByLabel('Email').fill(email);
    await partner.getByLabel('Choose a password').fill(PORTAL_PASSWORD);
    await partner.getByRole('button', { name: 'Accept and sign in' }).click();
    await partner.getByRole('heading', { name: 'Your links' }).waitFor();
    // Signed out and in again with the email and password they chose.
    await portalNav('Account').click();
    await partner.getByRole('button', { name: 'Sign out' }).click();
    await partner.getByRole('heading', { name: 'Sign in to your partner portal' }).waitFor();
    await partner.getByLabel('Email').fill(email);
    await partner.getByLabel('Password').fill(PORTAL_PASSWORD);
    await partner.getByRole('button', { name: 'Sign in' }).click();
    await portalNav('Links').click();
    const link = partner.locator(`[data-testid="referral-link"][data-token="${token}"]`);
    await link.getByText(`/r/${token}`).first().waitFor();
    await link.getByText('Added by the merchant').waitFor();

    const access = merchant.locator('.card', { has: merchant.getByRole('heading', { name: 'Partner portal' }) });
    await merchant.reload();
    await access.getByText(email).waitFor();
    await access.getByText('The partner has accepted and signs in to the portal.').waitFor();
  });

  it('a Stripe test purchase through the link shows in the portal as a conversion and a pending commission', async () => {
    // A visitor follows the link (its address here is the tracking service's own port): the hosted
    // redirect records the click, and the snippet on the merchant's site keeps its id.
    const { landedAt, clickId } = await followLink(browser, `${system.urls.tracking}/r/${token}`);
    expect(landedAt).toContain(`${site.url}/pricing`);
    expect(clickId).toMatch(/^[0-9a-f-]{36}$/);

    // The visitor pays with the test card: Stripe posts the signed checkout.session.completed carrying the click id.
    const event = stripeEvent('checkout.session.completed', completedCheckoutSession({ clientReferenceId: clickId, amountTotal: 4900, currency: 'usd' }));
    const delivery = signStripeDelivery(event, system.webhookSecret);
    expect((await http('POST', `${system.urls.ingest}/webhooks/stripe`, { body: delivery.body, headers: delivery.headers })).status).toBe(200);

    await portalNav('Conversions').click();
    const conversion = partner.locator('[data-conversion-id]');
    await reloadUntil(async () => (await conversion.count()) === 1, 'the conversion');
    expect(await conversion.innerText()).toContain('$49.00');
    await portalNav('Money').click();
    const commission = partner.locator('[data-commission-id]');
    await reloadUntil(async () => (await commission.count()) === 1, 'the commission');
    expect(await commission.innerText()).toMatch(/\$9\.80[\s\S]*pending|pending[\s\S]*\$9\.80/i);
  });

  it('the merchant approves it, drafts a payout and marks it paid: the portal shows the payout paid', async () => {
    await openFromNav(merchant, 'Commissions');
    await merchant.locator('tbody tr', { hasText: '$9.80' }).filter({ hasText: 'pending' }).getByRole('button', { name: 'Approve' }).click();
    await merchant.locator('tbody tr', { hasText: '$9.80' }).filter({ hasText: 'approved' }).waitFor();
    await openFromNav(merchant, 'Payouts');
    await merchant.getByLabel('Currency').fill('usd');
    await merchant.getByRole('button', { name: 'Draft payouts' }).click();
    const row = merchant.locator('tbody tr', { hasText: '$9.80' });
    await row.getByRole('button', { name: 'Mark paid…' }).click();
    await merchant.getByLabel('Payment reference').fill('WISE-2026-11-007');
    await merchant.getByRole('button', { name: 'Mark paid', exact: true }).click();
    await merchant.locator('tbody tr', { hasText: 'WISE-2026-11-007' }).filter({ hasText: 'paid' }).waitFor();

    const payout = partner.locator('[data-payout-id]');
    await reloadUntil(async () => (await payout.count()) === 1 && /paid/i.test(await payout.innerText()), 'the payout paid');
    expect(await payout.innerText()).toContain('WISE-2026-11-007');
    expect(await payout.innerText()).toContain('$9.80');
    await screenshot(partner, 'portal-flow-payout-paid');
  });

  it("the merchant suspends the partner's access: the partner's open portal shows the sign-in page on its next request", async () => {
    await merchant.goto(partnerPageUrl);
    const access = merchant.locator('.card', { has: merchant.getByRole('heading', { name: 'Partner portal' }) });
    await access.getByRole('button', { name: 'Suspend access' }).click();
    await access.getByRole('button', { name: 'Resume access' }).waitFor();
    await access.getByText('The partner cannot sign in until you resume their access.').waitFor();

    // The portal is still open on Money; its next request (opening Results) is refused, and it shows the sign-in page.
    await portalNav('Results').click();
    await partner.getByRole('heading', { name: 'Sign in to your partner portal' }).waitFor({ timeout: 15_000 });
    // Signing in again is refused while suspended, in words.
    await partner.getByLabel('Email').fill(email);
    await partner.getByLabel('Password').fill(PORTAL_PASSWORD);
    await partner.getByRole('button', { name: 'Sign in' }).click();
    await partner.getByRole('alert').filter({ hasText: 'suspended' }).waitFor();
    await screenshot(partner, 'portal-flow-suspended');
    expect(await partner.getByRole('navigation', { name: 'Partner portal' }).count()).toBe(0);
    expect(merchantErrors).toEqual([]);
    expect(partnerErrors).toEqual([]);
  });
});
