import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { sessionKeySecret, PORTAL_SESSIONS, SessionSecrets } from '../apps/dashboard/src/sessions/session-secrets';
import { ManageUsersUseCase } from '../apps/dashboard/src/usecases/manage-users/manage-users.usecase';
import { DashboardSession } from './support/dashboard-session';
import { eventually, http, HttpResult } from './support/http';
import { otherWorkspace, saleThroughLink } from './support/merchant-api';
import { PORTAL_PASSWORD, PortalClient } from './support/portal';
import { TestSystem } from './support/system';

/** Every read of the portal, as a partner's page makes them. */
const READS = [
  '/portal/session',
  '/portal/links',
  '/portal/results',
  '/portal/conversions',
  '/portal/commissions',
  '/portal/balance',
  '/portal/payouts',
  '/portal/payout-details',
];

/**
 * The partner portal keeps each partner to their own: partner A's session sees nothing of partner B,
 * of another workspace or of the other mode, and no answer carries a buyer's personal data or a Stripe
 * or click id. Invitations are single-use and expire; a suspended partner is signed out at once.
 */
describe('the partner portal: isolation', () => {
  let system: TestSystem;
  let owner: DashboardSession;
  let portal: PortalClient;
  type Partner = { partnerId: string; email: string; portal: DashboardSession };
  let a: Partner;
  let b: Partner;
  let live: Partner;
  let elsewhere: Partner;
  let otherOwner: DashboardSession;
  /** What belongs to B (ids, tokens, names), to look for in A's answers. */
  const bsThings: string[] = [];
  const bs = { conversionId: '', token: '', commissionId: '' };
  /** What no portal answer may carry: buyers' emails, Stripe ids, click ids. */
  const buyersData: string[] = ['buyer-a@customers.example', 'buyer-b@customers.example'];
  let bPayoutId: string;

  const db = () => system.dashboard!.get(DataSource);
  const everything = async (session: DashboardSession): Promise<HttpResult[]> => Promise.all(READS.map((path) => session.get(path)));

  beforeAll(async () => {
    system = await TestSystem.start({ services: ['tracking', 'webhook-ingest', 'attribution', 'commissions', 'dashboard'] });
    owner = await DashboardSession.signIn(system.urls.dashboard, system.dashboardOwner.email, system.dashboardOwner.password);
    portal = new PortalClient(system.urls.dashboard, '198.51.100.22');
    expect((await owner.send('POST', '/api/test/v1/plans', { rate: { type: 'percentage', rate_bps: 2000 } })).status).toBe(201);
    a = await portal.partnerSignedIn(owner, 'Alice Archer');
    b = await portal.partnerSignedIn(owner, 'Bob Brown');
    live = await portal.partnerSignedIn(owner, 'Lena Live', 'live');
    const other = await otherWorkspace(system);
    const created = (await system.dashboard!.get(ManageUsersUseCase).createOwner(other.id, `owner-${other.id}@example.com`))!;
    otherOwner = await DashboardSession.signIn(system.urls.dashboard, created.user.email, created.password);
    elsewhere = await portal.partnerSignedIn(otherOwner, 'Xavier');

    await saleThroughLink(system, a.partnerId, { customerEmail: 'buyer-a@customers.example' });
    const bSale = await saleThroughLink(system, b.partnerId, { customerEmail: 'buyer-b@customers.example' });
    await system.commissionsIdle();
    // B is paid: a payout of B's for A to ask for.
    const [bCommission] = (await owner.get(`/api/test/v1/commissions?partner_id=${b.partnerId}`)).body.data;
    expect((await owner.send('POST', `/api/test/v1/commissions/${bCommission.id}/approve`)).status).toBe(200);
    const batch = await owner.send('POST', '/api/test/v1/payouts', { currency: 'usd' }, { 'x-csrf-token': owner.csrfToken, 'idempotency-key': randomUUID() });
    bPayoutId = batch.body.payouts[0].id;
    expect(batch.body.payouts.map((p: { partner_id: string }) => p.partner_id)).toEqual([b.partnerId]);

    // What the merchant sees of the sales, and the portal must not show.
    for (const conversion of (await owner.get('/api/test/v1/conversions')).body.data) {
      const { customer, subscription, invoice, checkout_session } = conversion.stripe;
      buyersData.push(...[conversion.click_id, customer, subscription, invoice, checkout_session].filter(Boolean));
      if (conversion.partner_id === b.partnerId) bs.conversionId = conversion.id;
    }
    expect(buyersData).toContain(bSale.sessionId);
    Object.assign(bs, { token: bSale.token, commissionId: bCommission.id });
    bsThings.push(b.partnerId, bs.conversionId, bs.token, bs.commissionId, bPayoutId, 'Bob Brown', b.email);
  }, 120_000);

  afterAll(async () => {
    await system?.stop();
  });

  it("shows partner A nothing of partner B's, in any answer", async () => {
    for (const answer of await everything(a.portal)) {
      expect(answer.status).toBe(200);
      for (const thing of bsThings) expect(JSON.stringify(answer.body)).not.toContain(thing);
    }
    expect((await a.portal.get('/portal/conversions')).body.data).toHaveLength(1);
    expect((await a.portal.get('/portal/commissions')).body.data).toHaveLength(1);
    expect((await a.portal.get('/portal/payouts')).body.data).toEqual([]);
  });

  it("answers A's asking for B's things by id as for things that do not exist", async () => {
    const payout = await a.portal.get(`/portal/payouts/${bPayoutId}`);
    expect(payout.status).toBe(404);
    expect(payout.body.message).toBe(`You have no payout ${bPayoutId}`);
    expect((await a.portal.get(`/portal/payouts/${randomUUID()}`)).status).toBe(404);
    expect((await b.portal.get(`/portal/payouts/${bPayoutId}`)).status).toBe(200);
    expect((await a.portal.get(`/portal/results?token=${bs.token}`)).status).toBe(404);
    for (const [list, id] of [
      ['conversions', bs.conversionId],
      ['commissions', bs.commissionId],
      ['payouts', bPayoutId],
    ]) {
      const paged = await a.portal.get(`/portal/${list}?starting_after=${id}`);
      expect({ list, status: paged.status }).toEqual({ list, status: 400 });
    }
  });

  it('carries no buyer personal data, Stripe id or click id in any portal answer', async () => {
    expect(buyersData.length).toBeGreaterThanOrEqual(2 + 2 * 4);
    for (const partner of [a, b, live, elsewhere]) {
      for (const answer of await everything(partner.portal)) {
        const text = JSON.stringify(answer.body);
        for (const value of buyersData) expect(text).not.toContain(value);
        // Stripe's ids (cus_..., in_..., cs_..., sub_...): a prefix, then at least ten letters and digits (not a field such as in_review).
        expect(text).not.toMatch(/\b(cus|in|cs|sub|pi|ch)_(test_|live_)?[A-Za-z0-9]{10,}/);
        expect(text).not.toMatch(/customer_email|click_id|"stripe"/);
      }
    }
  });

  it('shows a partner of the other mode, or of another workspace, nothing of these partners', async () => {
    for (const partner of [live, elsewhere]) {
      for (const answer of await everything(partner.portal)) {
        expect(answer.status).toBe(200);
        for (const thing of [...bsThings, a.partnerId, 'Alice Archer']) expect(JSON.stringify(answer.body)).not.toContain(thing);
      }
      expect((await partner.portal.get('/portal/conversions')).body.data).toEqual([]);
      expect((await partner.portal.get('/portal/commissions')).body.data).toEqual([]);
      expect((await partner.portal.get(`/portal/payouts/${bPayoutId}`)).status).toBe(404);
    }
    expect((await live.portal.get('/portal/session')).body).toMatchObject({ mode: 'live', partner: { id: live.partnerId } });
    expect((await elsewhere.portal.get('/portal/session')).body.workspace.id).not.toBe(system.workspaceId);
    // Nor can another workspace's merchant invite, see or suspend this workspace's partners.
    expect((await otherOwner.send('POST', '/auth/partner-invitations', { partner_id: a.partnerId, mode: 'test' })).status).toBe(404);
    expect((await otherOwner.get(`/auth/partner-access/test/${a.partnerId}`)).body).toMatchObject({ status: 'none', email: null });
    expect((await otherOwner.send('POST', `/auth/partner-access/test/${a.partnerId}/suspend`)).status).toBe(404);
    expect((await a.portal.get('/portal/session')).status).toBe(200);
    // A partner of test mode is not one of live mode's.
    expect((await owner.send('POST', '/auth/partner-invitations', { partner_id: a.partnerId, mode: 'live' })).status).toBe(404);
  });

  it('refuses an invitation used, expired or replaced by a newer one (410), and an email address already in use (409)', async () => {
    const partner = await owner.send('POST', '/api/test/v1/partners', { name: 'Carol', destination_url: 'https://shop.example/' });
    const first = await portal.invite(owner, partner.body.id);
    const second = await portal.invite(owner, partner.body.id);
    const replaced = await portal.inspect(first.token);
    expect(replaced.status).toBe(410);
    expect(replaced.body.message).toBe('This invitation has expired or was used; ask Test workspace for a new one');
    expect((await portal.acceptAnswer(first.token, 'carol@portal.example', PORTAL_PASSWORD)).status).toBe(410);
    expect((await portal.inspect('not-a-token-of-ours')).status).toBe(410);

    const taken = await portal.acceptAnswer(second.token, a.email, PORTAL_PASSWORD);
    expect(taken.status).toBe(409);
    expect(taken.body.message).toMatch(/already signs in to a partner portal/);
    expect((await portal.acceptAnswer(second.token, 'carol@portal.example', 'short')).status).toBe(400);
    const carol = await portal.accept(second.token, 'carol@portal.example', PORTAL_PASSWORD);
    expect(carol.session.partner.name).toBe('Carol');
    const used = await portal.acceptAnswer(second.token, 'carol2@portal.example', PORTAL_PASSWORD);
    expect(used.status).toBe(410);

    const third = await portal.invite(owner, partner.body.id);
    await db().query(`UPDATE dashboard.partner_invitations SET expires_at = now() - interval '1 second' WHERE id = $1`, [third.invitation.id]);
    expect((await portal.inspect(third.token)).status).toBe(410);
    expect((await portal.acceptAnswer(third.token, 'carol@portal.example', 'another partner password')).status).toBe(410);
    expect((await owner.get(`/auth/partner-access/test/${partner.body.id}`)).body).toMatchObject({ status: 'active', invitation_expires_at: null });
  });

  it('signs a suspended partner out at once, in the portal and in every service, refuses their sign-in, and lets them back when resumed', async () => {
    const session = await portal.signIn(b.email, PORTAL_PASSWORD);
    const key = SessionSecrets.fromCookie(
      session.token,
      sessionKeySecret(Buffer.from(system.env.WEBHOOK_SECRETS_KEY!, 'base64'), PORTAL_SESSIONS),
      'ps',
    )!.keyFor('test');
    expect((await http('GET', `${system.urls.commissions}/v1/partners/${b.partnerId}/balance`, { key })).status).toBe(200);
    // The services keep the key to its partner too, whatever the portal server does: nothing of A's, nothing unfiltered.
    const [aConversion] = (await owner.get(`/api/test/v1/conversions?partner_id=${a.partnerId}`)).body.data;
    expect((await http('GET', `${system.urls.attribution}/v1/conversions/${aConversion.id}`, { key })).status).toBe(404);
    expect((await http('GET', `${system.urls.attribution}/v1/conversions/${bs.conversionId}`, { key })).status).toBe(200);
    expect((await http('GET', `${system.urls.attribution}/v1/conversions`, { key })).status).toBe(403);
    expect((await http('GET', `${system.urls.commissions}/v1/partners/${a.partnerId}/balance`, { key })).status).toBe(403);
    expect((await http('GET', `${system.urls.tracking}/v1/partners`, { key })).status).toBe(403);
    expect(
      (await http('PATCH', `${system.urls.tracking}/v1/partners/${b.partnerId}`, { key, json: { destination_url: 'https://evil.example/' } })).status,
    ).toBe(403);
    // The portal's key is of the partner's mode only.
    expect((await http('GET', `${system.urls.tracking}/v1/partners`, { key: key.replace('ps_test_', 'ps_live_') })).status).toBe(401);

    // An invitation sent before the suspension must not let the partner back in after it is resumed.
    const sentBefore = await portal.invite(owner, b.partnerId);
    const suspended = await owner.send('POST', `/auth/partner-access/test/${b.partnerId}/suspend`);
    expect(suspended.status).toBe(200);
    expect(suspended.body).toMatchObject({ status: 'suspended', email: b.email });
    for (const s of [session, b.portal]) expect((await s.get('/portal/links')).status).toBe(401);
    for (const url of [`${system.urls.commissions}/v1/partners/${b.partnerId}/balance`, `${system.urls.tracking}/v1/partners/${b.partnerId}`]) {
      await eventually(async () => ((await http('GET', url, { key })).status === 401 ? true : undefined), `${url} to refuse the key`, 5_000);
    }
    const refused = await portal.signInAnswer(b.email, PORTAL_PASSWORD);
    expect(refused.status).toBe(403);
    expect(refused.body.message).toMatch(/suspended: ask the merchant/);
    // A wrong password says nothing of the suspension.
    expect((await portal.signInAnswer(b.email, 'not the password')).status).toBe(401);
    expect((await owner.send('POST', '/auth/partner-invitations', { partner_id: b.partnerId, mode: 'test' })).status).toBe(409);

    expect((await owner.send('POST', `/auth/partner-access/test/${b.partnerId}/resume`)).body).toMatchObject({ status: 'active' });
    expect((await portal.inspect(sentBefore.token)).status).toBe(410);
    b.portal = await portal.signIn(b.email, PORTAL_PASSWORD);
    expect((await b.portal.get('/portal/links')).status).toBe(200);
  });

  it("refuses a change without the session's CSRF token or from another site, and a sign-in another site asks for", async () => {
    const noToken = await a.portal.send('POST', '/portal/links', { label: 'x' }, {});
    expect(noToken.status).toBe(403);
    expect(noToken.body.message).toMatch(/CSRF/);
    expect((await a.portal.send('PATCH', '/portal/payout-details', { payout_reference: 'x' }, { 'x-csrf-token': 'x'.repeat(43) })).status).toBe(403);
    const otherSite = await a.portal.send('POST', '/portal/sign-out', undefined, { 'x-csrf-token': a.portal.csrfToken, origin: 'https://evil.example' });
    expect(otherSite.status).toBe(403);
    expect((await portal.signInAnswer(a.email, PORTAL_PASSWORD, { origin: 'https://evil.example' })).status).toBe(403);
    expect((await portal.signInAnswer(a.email, PORTAL_PASSWORD, { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await a.portal.get('/portal/session')).status).toBe(200);
    // Neither kind of session is taken for the other: the dashboard's cookie is not a portal session, nor the portal's a dashboard one.
    expect((await http('GET', `${system.urls.dashboard}/portal/session`, { headers: { cookie: owner.cookie } })).status).toBe(401);
    const portalCookieAsDashboard = `selgeo_session=${a.portal.token}`;
    expect((await http('GET', `${system.urls.dashboard}/auth/session`, { headers: { cookie: portalCookieAsDashboard } })).status).toBe(401);
    expect((await http('GET', `${system.urls.dashboard}/api/test/v1/partners`, { headers: { cookie: portalCookieAsDashboard } })).status).toBe(401);
  });

  it('limits failed portal sign-ins per address', async () => {
    for (let i = 0; i < 5; i++) expect((await portal.signInAnswer(live.email, `wrong ${i}`)).status).toBe(401);
    const limited = await portal.signInAnswer(live.email, PORTAL_PASSWORD);
    expect(limited.status).toBe(429);
    expect(limited.body.message).toMatch(/try again in \d+ minute/);
  });
});
