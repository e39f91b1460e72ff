import { Browser, Page } from 'playwright-core';
import { accessibilityViolations, dashboardPage, launchChromium, screenshot } from './support/dashboard-browser';
import { DashboardSession } from './support/dashboard-session';
import { eventually } from './support/http';
import { saleThroughLink } from './support/merchant-api';
import { payCommissionNow, PORTAL_PASSWORD, PortalClient } from './support/portal';
import { TestSystem } from './support/system';

/** This file's own client address (forwarded by loopback), so its few sign-ins count apart from other files'. */
const CLIENT_ADDRESS = '198.51.100.31';

/**
 * Every page of the partner portal in headless Chromium against the whole system: the sign-in page, a
 * partner opening the merchant's invitation (and the same link refused once used), their links (copy,
 * QR code, add one), results, conversions (never the buyer), money with a paid payout and its page, the
 * account; and the empty pages of a partner with nothing yet. Each page is photographed
 * (test-output/screenshots, and docs/screenshots with DASHBOARD_SCREENSHOTS=docs/screenshots, as the
 * dashboard's pages are) and axe-core finds nothing serious or critical on it.
 */
describe('the partner portal pages', () => {
  let system: TestSystem;
  let owner: DashboardSession;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let partnerId = '';
  let invitationUrl = '';
  let emptyInvitationUrl = '';
  let payoutId = '';
  const email = `ada.${Date.now().toString(36)}@portal.example`;
  const BUYER = 'secret-buyer@example.com';

  beforeAll(async () => {
    system = await TestSystem.start({ services: ['tracking', 'webhook-ingest', 'attribution', 'commissions', 'dashboard'] });
    owner = await DashboardSession.signIn(system.urls.dashboard, system.dashboardOwner.email, system.dashboardOwner.password);
    expect((await owner.send('POST', '/api/test/v1/plans', { rate: { type: 'percentage', rate_bps: 2000 } })).status).toBe(201);
    const partner = await owner.send('POST', '/api/test/v1/partners', {
      name: 'Ada Lovelace',
      email: 'ada@partners.example',
      destination_url: 'https://shop.example/landing?campaign=spring',
    });
    partnerId = partner.body.id;
    // Two sales: one commission the merchant pays in a payout, one still pending.
    const { token } = await saleThroughLink(system, partnerId, { customerEmail: BUYER });
    await saleThroughLink(system, partnerId, { token, customerEmail: BUYER });
    const commissions = await eventually(async () => {
      const listed = (await owner.get(`/api/test/v1/commissions?partner_id=${partnerId}`)).body.data;
      return listed.length === 2 ? listed : undefined;
    }, 'the two commissions');
    payoutId = await payCommissionNow(owner, commissions[0].id, 'WISE-2026-11-001');

    const portal = new PortalClient(system.urls.dashboard, CLIENT_ADDRESS);
    invitationUrl = (await portal.invite(owner, partnerId)).invitation.url;
    // A partner with nothing yet: no link, no click, no sale, no money.
    const empty = await owner.send('POST', '/api/test/v1/partners', { name: 'Linus Newcomer', destination_url: 'https://shop.example/' });
    emptyInvitationUrl = (await portal.invite(owner, empty.body.id)).invitation.url;
    browser = await launchChromium();
    ({ page, errors } = await dashboardPage(browser, CLIENT_ADDRESS));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await system?.stop();
  });

  async function photographAndCheck(name: string, on: Page = page) {
    await on.waitForLoadState('networkidle');
    await screenshot(on, name);
    expect(await accessibilityViolations(on)).toEqual([]);
  }

  const navOf = (on: Page) => (label: string) => on.getByRole('navigation', { name: 'Partner portal' }).getByRole('link', { name: label, exact: true });

  it('sign-in: refuses a wrong password in words, and says how a new partner gets in', async () => {
    await page.goto(`${system.urls.dashboard}/portal`);
    await page.getByRole('heading', { name: 'Sign in to your partner portal' }).waitFor();
    await page.getByLabel('Email').fill('ada@partners.example');
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'do not match' }).waitFor();
    await page.getByText('Open the invitation link the merchant sent you').waitFor();
    await photographAndCheck('portal-sign-in');
  });

  it('accepts the invitation and opens on the links, in test mode, with a QR code and a link added', async () => {
    await page.goto(invitationUrl);
    await page.getByTestId('invitation-summary').waitFor();
    expect(await page.getByTestId('invitation-summary').textContent()).toContain('Ada Lovelace');
    await photographAndCheck('portal-accept');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Choose a password').fill(PORTAL_PASSWORD);
    await page.getByRole('button', { name: 'Accept and sign in' }).click();
    await page.getByRole('heading', { name: 'Your links' }).waitFor();
    expect(await page.getByRole('note').filter({ hasText: 'Test mode' }).count()).toBe(1);
    await page.getByTestId('referral-link').first().waitFor();
    await page.getByLabel('Label').fill('Newsletter');
    await page.getByRole('button', { name: 'Add link' }).click();
    await page.getByRole('heading', { name: 'Newsletter' }).waitFor();
    expect(await page.getByTestId('link-usage').textContent()).toContain('1 of 5 used');
    await page.getByRole('button', { name: 'Show QR code for Newsletter' }).click();
    await page.getByTestId('qr-code').waitFor();
    await photographAndCheck('portal-links');
  });

  it('refuses the same invitation once used, saying what to do', async () => {
    const { page: other } = await dashboardPage(browser, CLIENT_ADDRESS);
    await other.goto(invitationUrl);
    const refused = other.getByRole('alert');
    await refused.waitFor();
    expect(await refused.innerText()).toMatch(/used|merchant/i);
    expect(await other.getByLabel('Choose a password').count()).toBe(0);
    await photographAndCheck('portal-accept-used', other);
    await other.context().close();
  });

  it('shows results, conversions without the buyer, money with the paid payout and its page, and the account', async () => {
    const nav = navOf(page);
    await nav('Results').click();
    await page.getByTestId('results-totals').waitFor();
    await page.locator('.uplot').first().waitFor();
    await photographAndCheck('portal-results');
    await nav('Conversions').click();
    await page.locator('[data-conversion-id]').nth(1).waitFor();
    expect(await page.content()).not.toContain(BUYER);
    await photographAndCheck('portal-conversions');
    await nav('Money').click();
    await page.locator('[data-commission-id]').nth(1).waitFor();
    await page.locator(`[data-payout-id="${payoutId}"]`).filter({ hasText: 'paid' }).waitFor();
    await page.getByLabel('Payout email').fill('ada-pay@partners.example');
    await page.getByRole('button', { name: 'Save payout details' }).click();
    await page.getByText('Payout details saved.').waitFor();
    await photographAndCheck('portal-money');
    await page.locator(`[data-payout-id="${payoutId}"]`).getByRole('link').click();
    await page.getByRole('heading', { level: 1, name: /Payout/ }).waitFor();
    await page.getByText('WISE-2026-11-001').first().waitFor();
    expect(page.url()).toContain(`/portal/money/payouts/${payoutId}`);
    await photographAndCheck('portal-payout');
    await nav('Account').click();
    await page.getByRole('heading', { name: 'Your password' }).waitFor();
    await photographAndCheck('portal-account');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to your partner portal' }).waitFor();
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(PORTAL_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await nav('Money').waitFor();
    expect(errors).toEqual([]);
  });

  it('a partner with nothing yet: each page says so and what to do next', async () => {
    const { page: newcomer, errors: newcomerErrors } = await dashboardPage(browser, CLIENT_ADDRESS);
    const nav = navOf(newcomer);
    await newcomer.goto(emptyInvitationUrl);
    await newcomer.getByLabel('Email').fill(`linus.${Date.now().toString(36)}@portal.example`);
    await newcomer.getByLabel('Choose a password').fill(PORTAL_PASSWORD);
    await newcomer.getByRole('button', { name: 'Accept and sign in' }).click();
    await newcomer.getByText('No referral link yet').waitFor();
    expect(await newcomer.getByTestId('link-usage').textContent()).toContain('0 of 5 used');
    await photographAndCheck('portal-empty-links', newcomer);
    await nav('Results').click();
    await newcomer.getByText('No clicks or sales in this period yet').waitFor();
    await photographAndCheck('portal-empty-results', newcomer);
    await nav('Conversions').click();
    await newcomer.getByText('No conversions yet').waitFor();
    await photographAndCheck('portal-empty-conversions', newcomer);
    await nav('Money').click();
    await newcomer.getByText('Nothing earned yet').waitFor();
    await newcomer.getByText('No payouts yet').waitFor();
    await photographAndCheck('portal-empty-money', newcomer);
    expect(newcomerErrors).toEqual([]);
    await newcomer.context().close();
  });
});
