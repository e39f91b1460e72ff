import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DashboardSession } from './support/dashboard-session';
import { eventually, http } from './support/http';
import { saleThroughLink } from './support/merchant-api';
import { payCommissionNow, PORTAL_PASSWORD, PortalClient } from './support/portal';
import { TestSystem } from './support/system';

/**
 * The partner portal's API against the whole system: the merchant invites a partner from the
 * dashboard, the partner accepts and signs in, sees their links, a real signed Stripe purchase
 * through one of them, its commission and their balance, and the payout the merchant marks paid.
 */
describe('the partner portal: from an invitation to a payout', () => {
  let system: TestSystem;
  let owner: DashboardSession;
  let portal: PortalClient;
  let partner: { id: string; email: string };
  let session: DashboardSession;
  // A build of the browser app's two entries, to tell which page is served where.
  const webDir = mkdtempSync(join(tmpdir(), 'portal-web-'));
  const PAGES = { 'index.html': '<!doctype html><title>Dashboard</title>', 'portal.html': '<!doctype html><title>Partner portal</title>' };

  beforeAll(async () => {
    for (const [name, body] of Object.entries(PAGES)) writeFileSync(join(webDir, name), body);
    system = await TestSystem.start({
      services: ['tracking', 'webhook-ingest', 'attribution', 'commissions', 'dashboard'],
      env: { DASHBOARD_WEB_DIR: webDir },
    });
    owner = await DashboardSession.signIn(system.urls.dashboard, system.dashboardOwner.email, system.dashboardOwner.password);
    portal = new PortalClient(system.urls.dashboard, '198.51.100.21');
    // 20% of each sale, so the partner has a commission to see.
    expect((await owner.send('POST', '/api/test/v1/plans', { rate: { type: 'percentage', rate_bps: 2000 } })).status).toBe(201);
    const created = await owner.send('POST', '/api/test/v1/partners', {
      name: 'Ada Lovelace',
      email: 'ada@partners.example',
      destination_url: 'https://shop.example/landing?campaign=spring',
    });
    partner = created.body;
  }, 90_000);

  afterAll(async () => {
    await system?.stop();
    rmSync(webDir, { recursive: true, force: true });
  });

  it('invites a partner with a single-use link that expires, which they accept to sign in', async () => {
    const before = await owner.get(`/auth/partner-access/test/${partner.id}`);
    expect(before.body).toMatchObject({ object: 'partner_access', partner_id: partner.id, mode: 'test', status: 'none', email: null });

    const { invitation, token } = await portal.invite(owner, partner.id);
    expect(invitation).toMatchObject({ object: 'partner_invitation', partner_id: partner.id, mode: 'test' });
    // No SMTP_URL here: nothing is emailed, and nothing is said to have failed (test/portal-invitation-email.e2e-spec.ts emails it).
    expect(invitation.email).toEqual({ sent: false, to: null });
    // The token is in the fragment: a browser never sends it to a server, so it is in no log or Referer.
    expect(invitation.url).toMatch(new RegExp(`^${system.urls.dashboard}/portal/accept#[A-Za-z0-9_-]{43}$`));
    const days = (Date.parse(invitation.expires_at) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.9);
    expect(days).toBeLessThanOrEqual(7);
    expect((await owner.get(`/auth/partner-access/test/${partner.id}`)).body).toMatchObject({
      status: 'invited',
      invitation_expires_at: invitation.expires_at,
    });

    const inspected = await portal.inspect(token);
    expect(inspected.status).toBe(200);
    expect(inspected.body).toMatchObject({ partner_name: 'Ada Lovelace', workspace_name: 'Test workspace', email: 'ada@partners.example' });

    const accepted = await portal.acceptAnswer(token, 'Ada@Partners.example', PORTAL_PASSWORD);
    expect(accepted.status).toBe(201);
    expect(accepted.headers.get('set-cookie')).toMatch(/^selgeo_portal_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=43200$/);
    // No key of any kind reaches the browser.
    expect(JSON.stringify(accepted.body)).not.toMatch(/\b(sk|ss|ps|pk)_(test|live)_/);
    session = DashboardSession.from(system.urls.dashboard, accepted, 201);

    const current = await session.get('/portal/session');
    expect(current.status).toBe(200);
    expect(current.body).toEqual({
      object: 'portal_session',
      partner: { id: partner.id, name: 'Ada Lovelace' },
      workspace: { id: system.workspaceId, name: 'Test workspace' },
      mode: 'test',
      email: 'ada@partners.example',
      csrf_token: session.csrfToken,
      expires_at: expect.any(String),
    });
    expect(current.headers.get('cache-control')).toBe('no-store');
    const access = await owner.get(`/auth/partner-access/test/${partner.id}`);
    expect(access.body).toMatchObject({ status: 'active', email: 'ada@partners.example', invitation_expires_at: null });
    expect(Date.parse(access.body.last_sign_in_at)).toBeGreaterThan(Date.now() - 60_000);

    // Signed out, then in again with the chosen password.
    expect((await session.send('POST', '/portal/sign-out')).status).toBe(204);
    expect((await session.get('/portal/session')).status).toBe(401);
    session = await portal.signIn('ada@partners.example', PORTAL_PASSWORD);
    expect(session.session.partner.id).toBe(partner.id);
  });

  it("shows the partner's links and promo codes, and adds a link with their own label", async () => {
    const code = await owner.send('POST', `/api/test/v1/partners/${partner.id}/promo-codes`, { code: 'ADA10' });
    expect(code.status).toBe(201);
    const byMerchant = await owner.send('POST', `/api/test/v1/partners/${partner.id}/referral-tokens`, { token: 'ada-main' });
    expect(byMerchant.status).toBe(201);

    const added = await session.send('POST', '/portal/links', { label: '  Newsletter  ' });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ label: 'Newsletter', added_by: 'partner' });
    expect(added.body.hosted_url).toBe(`${system.urls.tracking}/r/${added.body.token}`);
    expect(added.body.ref_url).toBe(`https://shop.example/landing?campaign=spring&ref=${added.body.token}`);

    const links = await session.get('/portal/links');
    expect(links.status).toBe(200);
    expect(links.body).toMatchObject({ destination_url: 'https://shop.example/landing?campaign=spring', link_limit: 5, links_added: 1 });
    expect(links.body.promo_codes).toEqual([{ code: 'ADA10', created_at: expect.any(String) }]);
    expect(links.body.referral_links).toEqual(
      expect.arrayContaining([
        {
          token: 'ada-main',
          label: null,
          added_by: 'merchant',
          hosted_url: `${system.urls.tracking}/r/ada-main`,
          ref_url: 'https://shop.example/landing?campaign=spring&ref=ada-main',
          created_at: expect.any(String),
        },
        added.body,
      ]),
    );
    // A label too long is the partner's to fix.
    const tooLong = await session.send('POST', '/portal/links', { label: 'x'.repeat(61) });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.message).toMatch(/label: must be at most 60 characters/);
  });

  it('refuses a link past the limit the merchant set, in words', async () => {
    expect((await owner.send('PATCH', '/api/test/v1/settings', { partner_link_limit: 1 })).status).toBe(200);
    const refused = await session.send('POST', '/portal/links', { label: 'One too many' });
    expect(refused.status).toBe(409);
    expect(refused.body.message).toMatch(/1/);
    expect((await session.get('/portal/links')).body).toMatchObject({ link_limit: 1, links_added: 1 });
    expect((await owner.send('PATCH', '/api/test/v1/settings', { partner_link_limit: 5 })).status).toBe(200);
  });

  it('shows a signed Stripe purchase through a link: the conversion, the results per day and per link, the commission and the balance', async () => {
    const sale = await saleThroughLink(system, partner.id, { token: 'ada-main', customerEmail: 'buyer@customers.example' });
    await system.commissionsIdle();

    const conversions = await session.get('/portal/conversions');
    expect(conversions.status).toBe(200);
    expect(conversions.body).toMatchObject({ object: 'list', has_more: false });
    expect(conversions.body.data).toEqual([
      {
        id: expect.any(String),
        object: 'portal_conversion',
        order_reference: expect.any(String),
        kind: 'initial',
        status: 'converted',
        amount_cents: 4900,
        currency: 'usd',
        refunded_amount_cents: 0,
        referral_token: 'ada-main',
        promo_code: null,
        occurred_at: expect.any(String),
      },
    ]);
    expect(conversions.body.data[0].order_reference).toBe(conversions.body.data[0].id);
    expect(JSON.stringify(conversions.body)).not.toContain(sale.sessionId);
    expect(JSON.stringify(conversions.body)).not.toContain('buyer@customers.example');

    const today = new Date().toISOString().slice(0, 10);
    const results = await eventually(async () => {
      const answer = await session.get(`/portal/results?from=${today}&to=${today}`);
      return answer.body.days?.[0]?.clicks === 1 ? answer : undefined;
    }, 'the click in the results');
    expect(results.status).toBe(200);
    expect(results.body).toMatchObject({
      from: today,
      to: today,
      days: [{ date: today, clicks: 1, conversions: 1, revenue: [{ currency: 'usd', amount_cents: 4900 }] }],
    });
    expect(results.body.links).toEqual(
      expect.arrayContaining([{ token: 'ada-main', label: null, clicks: 1, conversions: 1, revenue: [{ currency: 'usd', amount_cents: 4900 }] }]),
    );
    const oneLink = await session.get(`/portal/results?token=ada-main`);
    expect(oneLink.body.days).toHaveLength(30);
    expect(oneLink.body.links.map((l: { token: string }) => l.token)).toEqual(['ada-main']);
    expect((await session.get('/portal/results?from=2026-13-01')).status).toBe(400);

    const commissions = await session.get('/portal/commissions');
    expect(commissions.body.data).toEqual([
      {
        id: expect.any(String),
        object: 'portal_commission',
        conversion_id: conversions.body.data[0].id,
        status: 'pending',
        amount_cents: 980,
        net_amount_cents: 980,
        currency: 'usd',
        hold_ends_at: expect.any(String),
        approved_at: null,
        paid_at: null,
        payout_id: null,
        created_at: expect.any(String),
      },
    ]);
    expect((await session.get('/portal/commissions?status=approved')).body.data).toEqual([]);
    expect((await session.get('/portal/commissions?status=nonsense')).status).toBe(400);
    const balance = await session.get('/portal/balance');
    expect(balance.body).toEqual({
      object: 'balance',
      partner_id: partner.id,
      currencies: [{ currency: 'usd', pending: 980, on_hold: 0, in_review: 0, approved: 0, in_payout: 0, paid: 0, owed_back: 0 }],
    });
  });

  it('shows the payout the merchant marked paid, with its lines', async () => {
    expect((await session.get('/portal/payouts')).body).toEqual({ object: 'list', data: [], has_more: false });
    const [commission] = (await owner.get(`/api/test/v1/commissions?partner_id=${partner.id}`)).body.data;
    const payoutId = await payCommissionNow(owner, commission.id, 'wire-2026-11-001');
    await system.commissionsIdle();

    const payouts = await session.get('/portal/payouts');
    expect(payouts.body.data).toEqual([
      expect.objectContaining({ id: payoutId, object: 'portal_payout', status: 'paid', amount_cents: 980, reference: 'wire-2026-11-001' }),
    ]);
    const payout = await session.get(`/portal/payouts/${payoutId}`);
    expect(payout.status).toBe(200);
    expect(payout.body.lines).toEqual([{ type: 'commission', commission_id: commission.id, adjustment_id: null, amount_cents: 980 }]);
    expect((await session.get('/portal/commissions')).body.data[0]).toMatchObject({ status: 'paid', payout_id: payoutId });
    expect((await session.get('/portal/balance')).body.currencies[0]).toMatchObject({ pending: 0, paid: 980 });
  });

  it('keeps the payout details the partner gives, for the merchant', async () => {
    expect((await session.get('/portal/payout-details')).body).toEqual({ payout_email: null, payout_reference: null });
    const changed = await session.send('PATCH', '/portal/payout-details', { payout_email: 'Payments@Ada.example', payout_reference: 'IBAN DE00 1234' });
    expect(changed.status).toBe(200);
    expect(changed.body).toEqual({ payout_email: 'Payments@Ada.example', payout_reference: 'IBAN DE00 1234' });
    const seenByMerchant = await owner.get(`/api/test/v1/partners/${partner.id}`);
    expect(seenByMerchant.body).toMatchObject({ name: 'Ada Lovelace', payout_email: 'Payments@Ada.example', payout_reference: 'IBAN DE00 1234' });
    expect((await session.send('PATCH', '/portal/payout-details', { payout_reference: null })).body).toEqual({
      payout_email: 'Payments@Ada.example',
      payout_reference: null,
    });
    const bad = await session.send('PATCH', '/portal/payout-details', { payout_email: 'not an email', name: 'Mallory' });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/payout_email: must be an email address/);
  });

  it('pages through lists, only from a cursor of their own', async () => {
    const page = await session.get('/portal/conversions?limit=1');
    expect(page.body.data).toHaveLength(1);
    const after = await session.get(`/portal/conversions?limit=1&starting_after=${page.body.data[0].id}`);
    expect(after.body).toEqual({ object: 'list', data: [], has_more: false });
    expect((await session.get(`/portal/conversions?starting_after=${randomUUID()}`)).status).toBe(400);
    expect((await session.get('/portal/conversions?limit=1000')).status).toBe(400);
  });

  it('changes the password with the current one; the other sessions end', async () => {
    const elsewhere = await portal.signIn('ada@partners.example', PORTAL_PASSWORD);
    expect((await session.send('POST', '/portal/password', { current_password: PORTAL_PASSWORD, new_password: 'short' })).status).toBe(400);
    expect((await session.send('POST', '/portal/password', { current_password: 'wrong password', new_password: 'a new partner password' })).status).toBe(401);
    expect((await session.send('POST', '/portal/password', { current_password: PORTAL_PASSWORD, new_password: 'a new partner password' })).status).toBe(204);
    expect((await session.get('/portal/session')).status).toBe(200);
    expect((await elsewhere.get('/portal/session')).status).toBe(401);
    expect((await portal.signInAnswer('ada@partners.example', PORTAL_PASSWORD)).status).toBe(401);
    await portal.signIn('ada@partners.example', 'a new partner password');
  });

  it("serves the portal's pages at /portal and below, with the dashboard's headers, and its API to the page's own calls", async () => {
    const page = (path: string) => http('GET', `${system.urls.dashboard}${path}`, { headers: { accept: 'text/html,application/xhtml+xml' } });
    for (const path of ['/portal', '/portal/accept', '/portal/links', '/portal/payouts/abc']) {
      const answer = await page(path);
      expect([path, answer.status, answer.body]).toEqual([path, 200, PAGES['portal.html']]);
      expect(answer.headers.get('content-type')).toMatch(/^text\/html/);
      expect(answer.headers.get('content-security-policy')).toMatch(/script-src 'self'.*frame-ancestors 'none'/);
      expect(answer.headers.get('x-frame-options')).toBe('DENY');
      expect(answer.headers.get('cache-control')).toBe('no-store');
    }
    // The dashboard's pages stay the dashboard's.
    for (const path of ['/', '/partners', '/portalx']) expect([path, (await page(path)).body]).toEqual([path, PAGES['index.html']]);
    const api = await session.get('/portal/links');
    expect(api.headers.get('content-type')).toMatch(/^application\/json/);
    expect(api.headers.get('cache-control')).toBe('no-store');
    expect((await session.get('/portal/nothing-here')).status).toBe(404);
  });
});
