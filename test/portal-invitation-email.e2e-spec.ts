import { DashboardSession } from './support/dashboard-session';
import { PORTAL_PASSWORD, PortalClient } from './support/portal';
import { decodedHeader, header, part, SmtpReceiver } from './support/smtp-receiver';
import { TestSystem } from './support/system';

/** SMTP_URL's password: it must reach the mail server, and no answer. Characters a URL must encode, on purpose. */
const SMTP_PASSWORD = 'p@ss:w/rd%secret-7f3a';
const SMTP_USER = 'selgeo@shop.example';

/**
 * Partners' invitations emailed through a real SMTP conversation: a mail server on loopback, started
 * here, that the dashboard reaches through SMTP_URL (with a user and password) and SMTP_FROM. The
 * invitation is made first; a refused, silent or unreachable server leaves it usable, and the merchant
 * is told why the email did not go, in words, without the password, within seconds.
 */
describe('the partner portal: invitations by email', () => {
  let receiver: SmtpReceiver;
  let system: TestSystem;
  let owner: DashboardSession;
  let portal: PortalClient;

  const newPartner = async (name: string, email: string | null): Promise<string> => {
    const created = await owner.send('POST', '/api/test/v1/partners', { name, email, destination_url: 'https://shop.example/landing' });
    expect(created.status).toBe(201);
    return created.body.id;
  };

  /** The invitation's answer, and how long it took. */
  const invite = async (partnerId: string) => {
    const started = Date.now();
    const answer = await owner.send('POST', '/auth/partner-invitations', { partner_id: partnerId, mode: 'test' });
    const took = Date.now() - started;
    expect(answer.status).toBe(201);
    expect(JSON.stringify(answer.body)).not.toContain('w/rd');
    expect(JSON.stringify(answer.body)).not.toContain(encodeURIComponent(SMTP_PASSWORD));
    return { invitation: answer.body, token: new URL(answer.body.url).hash.slice(1), took };
  };

  /** The invitation works: the partner accepts it and is signed in to their own portal. */
  const acceptWorks = async (token: string, partnerId: string) => {
    const email = `partner.${Math.random().toString(36).slice(2, 8)}@portal.example`;
    const session = await portal.accept(token, email, PORTAL_PASSWORD);
    const current = await session.get('/portal/session');
    expect(current.status).toBe(200);
    expect(current.body.partner.id).toBe(partnerId);
  };

  beforeAll(async () => {
    receiver = await SmtpReceiver.start();
    system = await TestSystem.start({
      services: ['tracking', 'dashboard'],
      env: { SMTP_URL: receiver.url({ user: SMTP_USER, password: SMTP_PASSWORD }), SMTP_FROM: 'Test Shop <invitations@shop.example>' },
    });
    owner = await DashboardSession.signIn(system.urls.dashboard, system.dashboardOwner.email, system.dashboardOwner.password);
    portal = new PortalClient(system.urls.dashboard, '198.51.100.47');
  }, 90_000);

  afterAll(async () => {
    await system?.stop();
    await receiver?.stop().catch(() => undefined);
  });

  it("emails the invitation to the partner's address, from SMTP_FROM, with the link that then works", async () => {
    const partnerId = await newPartner('Grace Hopper', 'grace@partners.example');
    const { invitation, token } = await invite(partnerId);
    expect(invitation.email).toEqual({ sent: true, to: 'grace@partners.example' });

    expect(receiver.messages).toHaveLength(1);
    const [mail] = receiver.messages;
    // The envelope, and the sign-in with SMTP_URL's user and password (decoded from the URL).
    expect(mail.from).toBe('invitations@shop.example');
    expect(mail.to).toEqual(['grace@partners.example']);
    expect(mail.auth).toEqual({ user: SMTP_USER, password: SMTP_PASSWORD });
    expect(header(mail, 'From')).toMatch(/Test Shop.*<invitations@shop\.example>/);
    expect(header(mail, 'To')).toBe('grace@partners.example');
    expect(decodedHeader(mail, 'Subject')).toBe('Test workspace invites you to its partner portal');

    // Plain text and simple HTML, each naming the partner and the workspace, with the link and its expiry.
    const until = `${new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' }).format(new Date(invitation.expires_at))} UTC`;
    const text = part(mail, 'text/plain')!;
    expect(text).toContain('Hello Grace Hopper,');
    expect(text).toContain('Test workspace invites you to its partner portal');
    expect(text).toContain(`\n${invitation.url}\n`);
    expect(text).toContain(`The link works once, until ${until}.`);
    const html = part(mail, 'text/html')!;
    expect(html).toContain(`<a href="${invitation.url}">`);
    expect(html).toContain('Hello Grace Hopper,');
    expect(html).toContain(until);

    // The link in the email is the partner's way in.
    const emailed = /https?:\/\/\S+\/portal\/accept#[A-Za-z0-9_-]+/.exec(text)![0];
    expect(emailed).toBe(invitation.url);
    await acceptWorks(new URL(emailed).hash.slice(1), partnerId);
    expect(token).toBe(new URL(emailed).hash.slice(1));
  });

  it('escapes what the merchant typed in the HTML email', async () => {
    const partnerId = await newPartner('Ada <b>Bold</b> & Co', 'ada-bold@partners.example');
    const { invitation } = await invite(partnerId);
    expect(invitation.email).toEqual({ sent: true, to: 'ada-bold@partners.example' });
    const mail = receiver.messages.at(-1)!;
    expect(part(mail, 'text/html')).toContain('Hello Ada &lt;b&gt;Bold&lt;/b&gt; &amp; Co,');
    expect(part(mail, 'text/plain')).toContain('Hello Ada <b>Bold</b> & Co,');
  });

  it('sends nothing to a partner without an email address, and says so', async () => {
    const before = receiver.messages.length;
    const partnerId = await newPartner('No Address', null);
    const { invitation, token } = await invite(partnerId);
    expect(invitation.email).toEqual({
      sent: false,
      to: null,
      error: 'No Address has no email address: add one to the partner to email their next invitation',
    });
    expect(receiver.messages).toHaveLength(before);
    await acceptWorks(token, partnerId);
  });

  it('keeps the invitation when the mail server refuses the message, and tells the merchant its answer', async () => {
    const before = receiver.messages.length;
    receiver.options.refuseRecipient = '550 5.1.1 <nobody@partners.example>: Recipient address rejected: User unknown';
    try {
      const partnerId = await newPartner('Nobody Home', 'nobody@partners.example');
      const { invitation, token } = await invite(partnerId);
      expect(invitation.email).toEqual({
        sent: false,
        to: 'nobody@partners.example',
        error: expect.stringMatching(
          /^The mail server refused the message: .*550 5\.1\.1 <nobody@partners\.example>: Recipient address rejected: User unknown/,
        ),
      });
      expect(receiver.messages).toHaveLength(before);
      expect((await owner.get(`/auth/partner-access/test/${partnerId}`)).body).toMatchObject({ status: 'invited' });
      await acceptWorks(token, partnerId);
    } finally {
      receiver.options.refuseRecipient = undefined;
    }
  });

  it('answers within seconds when the mail server says nothing, with the invitation made', async () => {
    receiver.options.silent = true;
    try {
      const partnerId = await newPartner('Silent Server', 'silent@partners.example');
      const { invitation, token, took } = await invite(partnerId);
      expect(invitation.email).toEqual({
        sent: false,
        to: 'silent@partners.example',
        error: expect.stringMatching(
          new RegExp(`^The mail server 127\\.0\\.0\\.1:${receiver.port} did not answer in time \\(check SMTP_URL, and that the server is up\\): .+`),
        ),
      });
      expect(took).toBeLessThan(12_000);
      await acceptWorks(token, partnerId);
    } finally {
      receiver.options.silent = false;
    }
  }, 30_000);

  it('answers at once when nothing listens at SMTP_URL, with the invitation made', async () => {
    const port = receiver.port;
    await receiver.stop();
    const partnerId = await newPartner('Closed Port', 'closed@partners.example');
    const { invitation, token, took } = await invite(partnerId);
    expect(invitation.email).toEqual({
      sent: false,
      to: 'closed@partners.example',
      error: expect.stringMatching(new RegExp(`^The mail server 127\\.0\\.0\\.1:${port} could not be reached .*ECONNREFUSED`)),
    });
    expect(took).toBeLessThan(5_000);
    await acceptWorks(token, partnerId);
  });
});
