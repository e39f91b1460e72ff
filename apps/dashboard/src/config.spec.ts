import { inspect } from 'node:util';
import { ConfigError } from '@app/config';
import { loadDashboardConfig } from './config';

const KEY = Buffer.alloc(32, 7).toString('base64');
const PASSWORD = 'hunter2-s3cr3t';

function configError(env: Record<string, string>): string {
  try {
    loadDashboardConfig({ WEBHOOK_SECRETS_KEY: KEY, ...env });
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('the configuration was accepted');
}

describe('the dashboard configuration: the mail server for invitations', () => {
  it('sends no email without SMTP_URL, set or empty (as compose passes it)', () => {
    expect(loadDashboardConfig({ WEBHOOK_SECRETS_KEY: KEY }).SMTP_URL).toBeUndefined();
    const empty = loadDashboardConfig({ WEBHOOK_SECRETS_KEY: KEY, SMTP_URL: '', SMTP_FROM: '' });
    expect(empty.SMTP_URL).toBeUndefined();
    expect(empty.SMTP_FROM).toBeUndefined();
  });

  it('reads the server, its port (by scheme when left out) and URL-encoded credentials', () => {
    const secure = loadDashboardConfig({
      WEBHOOK_SECRETS_KEY: KEY,
      SMTP_URL: `smtps://mailer%40shop.example:${encodeURIComponent('p@ss:w/rd')}@mail.shop.example`,
      SMTP_FROM: 'Shop <invitations@shop.example>',
    });
    expect(secure.SMTP_URL).toMatchObject({ secure: true, host: 'mail.shop.example', port: 465, user: 'mailer@shop.example' });
    expect(secure.SMTP_URL!.auth).toEqual({ user: 'mailer@shop.example', pass: 'p@ss:w/rd' });
    expect(secure.SMTP_FROM).toBe('Shop <invitations@shop.example>');

    const plain = loadDashboardConfig({ WEBHOOK_SECRETS_KEY: KEY, SMTP_URL: 'smtp://127.0.0.1:2525', SMTP_FROM: 'invitations@shop.example' });
    expect(plain.SMTP_URL).toMatchObject({ secure: false, host: '127.0.0.1', port: 2525, user: undefined });
    expect(plain.SMTP_URL!.auth).toBeUndefined();
    expect(loadDashboardConfig({ WEBHOOK_SECRETS_KEY: KEY, SMTP_URL: 'smtp://mail.example', SMTP_FROM: 'a@shop.example' }).SMTP_URL!.port).toBe(587);
  });

  it('keeps the password out of a dump of the configuration', () => {
    const config = loadDashboardConfig({ WEBHOOK_SECRETS_KEY: KEY, SMTP_URL: `smtp://mailer:${PASSWORD}@mail.example:25`, SMTP_FROM: 'a@shop.example' });
    expect(JSON.stringify(config)).not.toContain(PASSWORD);
    expect(inspect(config, { depth: 5 })).not.toContain(PASSWORD);
    expect(String(config.SMTP_URL)).toBe('smtp://mailer:***@mail.example:25');
    expect(config.SMTP_URL!.withoutPassword(`535 bad password ${PASSWORD}`)).toBe('535 bad password ***');
  });

  it('fails at start-up when SMTP_URL is set without SMTP_FROM, naming what to set', () => {
    const message = configError({ SMTP_URL: `smtp://mailer:${PASSWORD}@mail.example` });
    expect(message).toMatch(/SMTP_FROM: is required when SMTP_URL is set: the address invitations are sent from/);
    expect(message).not.toContain(PASSWORD);
  });

  it.each([
    ['a URL of another scheme', `http://mailer:${PASSWORD}@mail.example`, /SMTP_URL: must start with smtp:\/\/ or smtps:\/\//],
    ['not a URL', `${PASSWORD} at mail.example`, /SMTP_URL: must be a URL of the mail server: smtp:\/\/\[user:password@\]host\[:port\]/],
    ['a path or a query', `smtps://mailer:${PASSWORD}@mail.example/inbox?pool=true`, /SMTP_URL: must name only the mail server, with no path or query/],
    ['a password without a user', `smtp://:${PASSWORD}@mail.example`, /SMTP_URL: has a password but no user name/],
    ['a port out of range', `smtp://mailer:${PASSWORD}@mail.example:70000`, /SMTP_URL: must be a URL of the mail server/],
    ['a badly encoded password', `smtp://mailer:${PASSWORD}%zz@mail.example`, /SMTP_URL: has a user name or password that is not URL-encoded correctly/],
  ])('refuses %s, without quoting the password', (_, url, expected) => {
    const message = configError({ SMTP_URL: url, SMTP_FROM: 'a@shop.example' });
    expect(message).toMatch(expected);
    expect(message).not.toContain(PASSWORD);
  });

  it.each(['not an address', 'Shop <not an address>', 'a@shop.example\r\nBcc: everyone@example.com'])('refuses SMTP_FROM %j', (from) => {
    expect(configError({ SMTP_URL: 'smtp://mail.example', SMTP_FROM: from })).toMatch(/SMTP_FROM: must be the email address invitations are sent from/);
  });
});
