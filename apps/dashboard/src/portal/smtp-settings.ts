import { z } from 'zod';

const SMTP_URL_FORM = 'smtp://[user:password@]host[:port] or smtps://[user:password@]host[:port]';

/**
 * The mail server invitations are sent through, read from `SMTP_URL`. The password is a private
 * field: it is in no `JSON.stringify` or `util.inspect` of the configuration, and `toString` hides it.
 */
export class SmtpServer {
  readonly #password: string | undefined;

  constructor(
    /** `smtps:`: TLS from the first byte (port 465 by default); `smtp:`: STARTTLS when the server offers it (587). */
    readonly secure: boolean,
    readonly host: string,
    readonly port: number,
    readonly user: string | undefined,
    password: string | undefined,
  ) {
    this.#password = password;
  }

  /** What nodemailer signs in with; none without a user. */
  get auth(): { user: string; pass: string } | undefined {
    return this.user === undefined ? undefined : { user: this.user, pass: this.#password ?? '' };
  }

  /** Removes the password from a text that might quote it (a server's answer, an error), as given and as it was in the URL. */
  withoutPassword(text: string): string {
    const password = this.#password;
    if (!password) return text;
    return [password, encodeURIComponent(password)].reduce((t, secret) => t.split(secret).join('***'), text);
  }

  toString(): string {
    return `${this.secure ? 'smtps' : 'smtp'}://${this.user === undefined ? '' : `${this.user}:***@`}${this.host}:${this.port}`;
  }

  toJSON(): string {
    return this.toString();
  }
}

const unset = (v: unknown) => (v === '' ? undefined : v);

/** `SMTP_URL`: unset (or empty) sends no email. Its messages never quote the value: it holds a password. */
export const smtpUrlSetting = z.preprocess(
  unset,
  z
    .string()
    .optional()
    .transform((value, ctx): SmtpServer | undefined => {
      if (value === undefined) return undefined;
      const invalid = (message: string) => {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message });
        return z.NEVER;
      };
      let url: URL;
      try {
        url = new URL(value);
      } catch {
        return invalid(`must be a URL of the mail server: ${SMTP_URL_FORM}`);
      }
      if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') return invalid(`must start with smtp:// or smtps:// (${SMTP_URL_FORM})`);
      if (!url.hostname) return invalid(`must name the mail server's host (${SMTP_URL_FORM})`);
      if ((url.pathname && url.pathname !== '/') || url.search || url.hash)
        return invalid(`must name only the mail server, with no path or query (${SMTP_URL_FORM})`);
      if (url.password && !url.username) return invalid(`has a password but no user name (${SMTP_URL_FORM})`);
      const secure = url.protocol === 'smtps:';
      let user: string | undefined;
      let password: string | undefined;
      try {
        user = url.username ? decodeURIComponent(url.username) : undefined;
        password = url.password ? decodeURIComponent(url.password) : undefined;
      } catch {
        return invalid('has a user name or password that is not URL-encoded correctly (encode @, :, / and % in them, e.g. %40 for @)');
      }
      const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
      return new SmtpServer(secure, host, url.port ? Number(url.port) : secure ? 465 : 587, user, password);
    }),
);

const ADDRESS = /^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/;

/** `SMTP_FROM`: the sender, `invitations@shop.example` or `Shop <invitations@shop.example>`. */
export const smtpFromSetting = z.preprocess(
  unset,
  z
    .string()
    .trim()
    .optional()
    .refine((value) => {
      if (value === undefined) return true;
      if (/[\r\n]/.test(value)) return false;
      const named = /^(.*)<([^<>]+)>$/.exec(value);
      return ADDRESS.test(named ? named[2].trim() : value);
    }, 'must be the email address invitations are sent from: invitations@shop.example or Shop <invitations@shop.example>'),
);

/** SMTP_FROM is required with SMTP_URL: an invitation needs a sender, and a start-up error is better than a refused message. */
export function requireSmtpFrom(config: { SMTP_URL?: SmtpServer; SMTP_FROM?: string }, ctx: z.RefinementCtx): void {
  if (config.SMTP_URL && !config.SMTP_FROM) {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      path: ['SMTP_FROM'],
      message: 'is required when SMTP_URL is set: the address invitations are sent from, e.g. Shop <invitations@shop.example>',
    });
  }
}
