import { sessionKeySecret, SessionSecrets } from '../apps/dashboard/src/sessions/session-secrets';
import { ManageUsersUseCase } from '../apps/dashboard/src/usecases/manage-users/manage-users.usecase';
import { DashboardSession } from './support/dashboard-session';
import { eventually, http } from './support/http';
import { otherWorkspace } from './support/merchant-api';
import { TestSystem } from './support/system';

/**
 * The dashboard's sessions against the real services: nothing without a session, one workspace's
 * session sees nothing of another's, changes need the page's CSRF token, sign-in is limited, and a
 * session that ends stops working at once, in the dashboard and in every service behind it.
 */
describe('the dashboard: sessions, CSRF and isolation', () => {
  let system: TestSystem;
  let owner: DashboardSession;

  beforeAll(async () => {
    system = await TestSystem.start({ services: ['tracking', 'webhook-ingest', 'attribution', 'commissions', 'dashboard'] });
    owner = await DashboardSession.signIn(system.urls.dashboard, system.dashboardOwner.email, system.dashboardOwner.password);
  }, 90_000);

  afterAll(async () => {
    await system?.stop();
  });

  const users = () => system.dashboard!.get(ManageUsersUseCase);
  const keySecret = () => sessionKeySecret(Buffer.from(system.env.WEBHOOK_SECRETS_KEY!, 'base64'));
  /** A member of the system's workspace (added by its owner), or the first owner of another workspace. */
  const newUser = async (workspaceId = system.workspaceId): Promise<{ user: { id: string; email: string }; password: string }> => {
    const email = `u${Math.random().toString(36).slice(2)}@example.com`;
    if (workspaceId !== system.workspaceId) return (await users().createOwner(workspaceId, email))!;
    const added = await owner.send('POST', '/auth/users', { email, role: 'member' });
    expect(added.status).toBe(201);
    return added.body;
  };

  it('answers nothing of the workspace without a session', async () => {
    for (const [method, path] of [
      ['GET', '/auth/session'],
      ['GET', '/auth/users'],
      ['GET', '/api/test/v1/partners'],
      ['GET', '/api/live/v1/conversions'],
      ['POST', '/api/test/v1/partners'],
      ['GET', '/api/test/v1/commissions'],
    ]) {
      const answer = await http(method, `${system.urls.dashboard}${path}`, { json: method === 'POST' ? { name: 'x' } : undefined });
      expect({ path, status: answer.status }).toEqual({ path, status: 401 });
      expect(answer.body.message).toMatch(/sign in/i);
    }
    const forged = await http('GET', `${system.urls.dashboard}/api/test/v1/partners`, { headers: { cookie: `selgeo_session=${'A'.repeat(43)}` } });
    expect(forged.status).toBe(401);
  });

  it('signs in with a cookie no script can read, and never hands the browser an API key', async () => {
    const answer = await DashboardSession.attempt(system.urls.dashboard, system.dashboardOwner.email.toUpperCase(), system.dashboardOwner.password);
    expect(answer.status).toBe(200);
    const cookie = answer.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^selgeo_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=43200$/);
    expect(JSON.stringify(answer.body)).not.toMatch(/\b(sk|ss|pk)_(test|live)_/);
    expect(answer.body).toMatchObject({
      user: { email: system.dashboardOwner.email, role: 'owner' },
      workspace: { id: system.workspaceId, name: 'Test workspace' },
    });
    expect(answer.body.links.stripe_webhook_url).toBe(`${system.urls.ingest}/webhooks/stripe/${system.workspaceId}`);
    // Behind a TLS-terminating proxy on loopback, the cookie is Secure.
    const overHttps = await DashboardSession.attempt(system.urls.dashboard, system.dashboardOwner.email, system.dashboardOwner.password, {
      'x-forwarded-proto': 'https',
    });
    expect(overHttps.headers.get('set-cookie')).toMatch(/; Secure$/);
  });

  it('refuses a wrong password without telling whether the address has an account', async () => {
    const wrongPassword = await DashboardSession.attempt(system.urls.dashboard, system.dashboardOwner.email, 'not the password');
    const unknownAddress = await DashboardSession.attempt(system.urls.dashboard, 'nobody@example.com', 'not the password');
    expect(wrongPassword.status).toBe(401);
    expect(unknownAddress.status).toBe(401);
    expect(wrongPassword.body.message).toBe(unknownAddress.body.message);
    expect((await DashboardSession.attempt(system.urls.dashboard, 'not an email', 'x')).status).toBe(400);
  });

  it('forwards to the services in the mode asked, as the workspace, and changes need the CSRF token', async () => {
    const noToken = await owner.send('POST', '/api/test/v1/partners', { name: 'Ada' }, {});
    expect(noToken.status).toBe(403);
    expect(noToken.body.message).toMatch(/CSRF/);
    const wrongToken = await owner.send('POST', '/api/test/v1/partners', { name: 'Ada' }, { 'x-csrf-token': 'x'.repeat(43) });
    expect(wrongToken.status).toBe(403);
    const otherSite = await owner.send('POST', '/api/test/v1/partners', { name: 'Ada' }, { 'x-csrf-token': owner.csrfToken, origin: 'https://evil.example' });
    expect(otherSite.status).toBe(403);
    expect(otherSite.body.message).toMatch(/other sites/);

    const created = await owner.send('POST', '/api/test/v1/partners', { name: 'Ada', destination_url: 'https://shop.example/landing' });
    expect(created.status).toBe(201);
    // The same partner, through the services' own API with the workspace's secret key, in test mode only.
    const direct = await http('GET', `${system.urls.tracking}/v1/partners/${created.body.id}`, { key: system.keys.sk_test });
    expect(direct.body.name).toBe('Ada');
    const live = await owner.get('/api/live/v1/partners');
    expect(live.status).toBe(200);
    expect(live.body.data.map((p: { id: string }) => p.id)).not.toContain(created.body.id);
    // Bad input is the service's own 400, passed on.
    const bad = await owner.send('POST', '/api/test/v1/partners', { name: '' });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toBeTruthy();
  });

  it('names the dashboard user in the audit log of what they changed', async () => {
    const key = await owner.send('POST', '/api/test/v1/api-keys', { kind: 'secret' });
    expect(key.status).toBe(201);
    const log = await owner.get('/api/test/v1/audit-log');
    expect(log.body.data[0]).toMatchObject({ actor: `dashboard_user:${owner.session.user.id}` });
  });

  it('forwards only the API, in a mode, along paths that cannot climb out', async () => {
    expect((await owner.get('/api/staging/v1/partners')).status).toBe(400);
    expect((await owner.get('/api/test/v1/admin/workspaces')).status).toBe(404);
    expect((await owner.get('/api/test/v1/partners/..%2f..%2fv1%2fadmin')).status).toBe(404);
    expect((await owner.get('/api/test/health/ready')).status).toBe(404);
  });

  it("shows one workspace's session nothing of another's", async () => {
    const ada = await owner.send('POST', '/api/test/v1/partners', { name: 'Ada of A', destination_url: 'https://shop.example/landing' });
    const other = await otherWorkspace(system);
    const otherOwner = await newUser(other.id);
    const b = await DashboardSession.signIn(system.urls.dashboard, otherOwner.user.email, otherOwner.password);
    expect(b.session.workspace.id).toBe(other.id);
    const partners = await b.get('/api/test/v1/partners');
    expect(partners.status).toBe(200);
    expect(partners.body.data).toEqual([]);
    expect((await b.get(`/api/test/v1/partners/${ada.body.id}`)).status).toBe(404);
    expect((await b.send('PATCH', `/api/test/v1/partners/${ada.body.id}`, { name: 'Taken' })).status).toBe(404);
    const bUsers = await b.get('/auth/users');
    expect(bUsers.body.data.map((u: { email: string }) => u.email)).toEqual([otherOwner.user.email]);
    expect((await b.send('DELETE', `/auth/users/${owner.session.user.id}`)).status).toBe(404);
    const again = await owner.get(`/api/test/v1/partners/${ada.body.id}`);
    expect({ status: again.status, body: again.body, created: ada.body }).toMatchObject({ status: 200, body: { name: 'Ada of A' } });
  });

  it('derives the key it forwards with from a secret of its own: the cookie alone does not make it', async () => {
    const session = await DashboardSession.signIn(system.urls.dashboard, system.dashboardOwner.email, system.dashboardOwner.password);
    const withoutTheSecret = SessionSecrets.fromCookie(session.token, Buffer.alloc(32))!.keyFor('live');
    expect((await http('GET', `${system.urls.tracking}/v1/partners`, { key: withoutTheSecret })).status).toBe(401);
    const withIt = SessionSecrets.fromCookie(session.token, keySecret())!.keyFor('live');
    expect((await http('GET', `${system.urls.tracking}/v1/partners`, { key: withIt })).status).toBe(200);
  });

  it('leaves API keys, Stripe signing secrets, settings and the plan to owners; members do the day-to-day', async () => {
    const member = await newUser();
    const session = await DashboardSession.signIn(system.urls.dashboard, member.user.email, member.password);
    for (const [method, path, body] of [
      ['POST', '/api/live/v1/api-keys', { kind: 'secret' }],
      ['POST', '/api/test/v1/stripe/signing-secrets', { secret: 'whsec_member' }],
      ['PATCH', '/api/test/v1/settings', { attribution_window_days: 7 }],
      ['POST', '/api/test/v1/plans', { rate: { type: 'percentage', rate_bps: 9000 } }],
    ] as const) {
      const refused = await session.send(method, path, body);
      expect({ path, status: refused.status }).toEqual({ path, status: 403 });
      expect(refused.body.message).toMatch(/Only the workspace's owners/);
    }
    expect((await session.get('/api/test/v1/api-keys')).status).toBe(200);
    expect((await session.send('POST', '/api/test/v1/partners', { name: 'By a member', destination_url: 'https://shop.example/' })).status).toBe(201);
    expect((await session.send('OPTIONS', '/api/test/v1/partners')).status).toBe(405);
  });

  it('refuses a sign-in or a change another site asks for, and a second session cookie planted beside ours', async () => {
    const { email, password } = system.dashboardOwner;
    expect((await DashboardSession.attempt(system.urls.dashboard, email, password, { origin: 'https://evil.example' })).status).toBe(403);
    expect((await DashboardSession.attempt(system.urls.dashboard, email, password, { 'sec-fetch-site': 'same-site' })).status).toBe(403);
    // Behind a proxy on loopback that forwards the public host, the page's own origin is accepted.
    const proxied = await DashboardSession.attempt(system.urls.dashboard, email, password, {
      origin: 'https://dash.example.com',
      'x-forwarded-host': 'dash.example.com',
      'x-forwarded-proto': 'https',
    });
    expect(proxied.status).toBe(200);
    expect(proxied.headers.get('set-cookie')).toMatch(/^__Host-selgeo_session=.*; Secure$/);
    const planted = await http('GET', `${system.urls.dashboard}/auth/session`, { headers: { cookie: `${owner.cookie}; selgeo_session=${'B'.repeat(43)}` } });
    expect(planted.status).toBe(401);
  });

  it('counts sign-in attempts sent at once together: a burst gets no more guesses than a sequence', async () => {
    const user = await newUser();
    const burst = await Promise.all(
      Array.from({ length: 20 }, (_, i) => DashboardSession.attempt(system.urls.dashboard, user.user.email, `wrong ${i}`).then((a) => a.status)),
    );
    const guessed = burst.filter((status) => status === 401).length;
    expect(guessed).toBeLessThanOrEqual(5);
    expect(burst.filter((status) => status === 429).length).toBe(20 - guessed);
    // Attempts refused at once checked nothing and are not kept: what the burst did not guess, a sequence may, and no more.
    for (let i = guessed; i < 5; i++) expect((await DashboardSession.attempt(system.urls.dashboard, user.user.email, `later ${i}`)).status).toBe(401);
    expect((await DashboardSession.attempt(system.urls.dashboard, user.user.email, user.password)).status).toBe(429);
  });

  it('counts guesses of the current password at a password change as sign-in attempts', async () => {
    const user = await newUser();
    const session = await DashboardSession.signIn(system.urls.dashboard, user.user.email, user.password);
    for (let i = 0; i < 5; i++) {
      expect((await session.send('POST', '/auth/password', { current_password: `guess ${i}`, new_password: 'a long new password' })).status).toBe(401);
    }
    const limited = await session.send('POST', '/auth/password', { current_password: user.password, new_password: 'a long new password' });
    expect(limited.status).toBe(429);
  });

  it('limits failed sign-ins per address, even when the right password follows', async () => {
    const user = await newUser(system.workspaceId);
    for (let i = 0; i < 5; i++) expect((await DashboardSession.attempt(system.urls.dashboard, user.user.email, `wrong ${i}`)).status).toBe(401);
    const limited = await DashboardSession.attempt(system.urls.dashboard, user.user.email, user.password);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(800);
    expect(limited.body.message).toMatch(/try again in \d+ minute/);
  });

  it('ends a session at sign-out: its cookie, and the key the dashboard forwarded with, in every service', async () => {
    const session = await DashboardSession.signIn(system.urls.dashboard, system.dashboardOwner.email, system.dashboardOwner.password);
    const forwardedKey = SessionSecrets.fromCookie(session.token, keySecret())!.keyFor('test');
    expect((await http('GET', `${system.urls.attribution}/v1/conversions`, { key: forwardedKey })).status).toBe(200);
    expect((await session.send('POST', '/auth/sign-out', undefined, {})).status).toBe(403);
    expect((await session.send('POST', '/auth/sign-out')).status).toBe(204);
    expect((await session.get('/auth/session')).status).toBe(401);
    expect((await session.get('/api/test/v1/partners')).status).toBe(401);
    for (const url of [`${system.urls.attribution}/v1/conversions`, `${system.urls.tracking}/v1/partners`, `${system.urls.commissions}/v1/commissions`]) {
      await eventually(async () => ((await http('GET', url, { key: forwardedKey })).status === 401 ? true : undefined), `${url} to refuse the key`, 5_000);
    }
    expect((await owner.get('/auth/session')).status).toBe(200);
  });

  it("signs out everywhere: every one of the user's sessions ends", async () => {
    const user = await newUser();
    const laptop = await DashboardSession.signIn(system.urls.dashboard, user.user.email, user.password);
    const phone = await DashboardSession.signIn(system.urls.dashboard, user.user.email, user.password);
    expect((await laptop.send('POST', '/auth/sign-out-everywhere')).status).toBe(204);
    expect((await phone.get('/auth/session')).status).toBe(401);
    expect((await laptop.get('/auth/session')).status).toBe(401);
  });

  it('lets owners add and remove users, and a removed user is signed out at once', async () => {
    const added = await owner.send('POST', '/auth/users', { email: 'Grace@Example.com', role: 'member' });
    expect(added.status).toBe(201);
    expect(added.body.user).toMatchObject({ email: 'grace@example.com', role: 'member' });
    expect(added.body.password).toMatch(/^[A-Za-z0-9]{20}$/);
    expect((await owner.send('POST', '/auth/users', { email: 'grace@example.com' })).status).toBe(409);
    const grace = await DashboardSession.signIn(system.urls.dashboard, 'grace@example.com', added.body.password);
    const byMember = await grace.send('POST', '/auth/users', { email: 'eve@example.com' });
    expect(byMember.status).toBe(403);
    expect((await owner.send('DELETE', `/auth/users/${owner.session.user.id}`)).status).toBe(400);
    expect((await owner.send('DELETE', `/auth/users/${added.body.user.id}`)).status).toBe(204);
    expect((await grace.get('/api/test/v1/partners')).status).toBe(401);
  });

  it('changes a password only with the current one, and ends the other sessions', async () => {
    const user = await newUser();
    const here = await DashboardSession.signIn(system.urls.dashboard, user.user.email, user.password);
    const elsewhere = await DashboardSession.signIn(system.urls.dashboard, user.user.email, user.password);
    expect((await here.send('POST', '/auth/password', { current_password: 'wrong', new_password: 'a long new password' })).status).toBe(401);
    expect((await here.send('POST', '/auth/password', { current_password: user.password, new_password: 'short' })).status).toBe(400);
    expect((await here.send('POST', '/auth/password', { current_password: user.password, new_password: 'a long new password' })).status).toBe(204);
    expect((await here.get('/auth/session')).status).toBe(200);
    expect((await elsewhere.get('/auth/session')).status).toBe(401);
    await DashboardSession.signIn(system.urls.dashboard, user.user.email, 'a long new password');
  });

  it('sends its pages with a policy that runs only its own scripts and refuses framing', async () => {
    const answer = await owner.get('/auth/session');
    expect(answer.headers.get('content-security-policy')).toMatch(/script-src 'self'.*frame-ancestors 'none'/);
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect((await owner.get('/api/test/v1/partners')).headers.get('cache-control')).toBe('no-store');
  });
});
