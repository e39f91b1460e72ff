import { Logger, OnModuleDestroy } from '@nestjs/common';
import { createTransport } from 'nodemailer';
import type { Transporter } from 'nodemailer';
import { DASHBOARD_CONFIG, DashboardConfig } from '../config';
import { SmtpServer } from './smtp-settings';

/** What a partner's invitation email says. */
export interface InvitationEmail {
  to: string;
  partnerName: string;
  workspaceName: string;
  url: string;
  expiresAt: Date;
}

/** Whether it was sent; when not, why, in words the merchant can act on (never the SMTP password). */
export type InvitationEmailOutcome = { sent: true } | { sent: false; error: string };

/**
 * Emails a partner their invitation to the portal. The use case knows only this: whether email is
 * on (`enabled`), and the outcome of one send, which never throws (the invitation exists already).
 */
export abstract class InvitationMailer {
  abstract readonly enabled: boolean;
  abstract send(email: InvitationEmail): Promise<InvitationEmailOutcome>;
}

/** No SMTP_URL: nothing is emailed, the merchant copies the link. */
export class NoInvitationMailer extends InvitationMailer {
  readonly enabled = false;
  send(): Promise<InvitationEmailOutcome> {
    return Promise.resolve({ sent: false, error: 'No mail server is configured (SMTP_URL)' });
  }
}

/**
 * The merchant waits for the answer: connecting, the greeting and each reply get a few seconds, and
 * the whole send at most SEND_DEADLINE_MS, so a mail server that is down or silent costs the merchant
 * seconds, not the request.
 */
const CONNECT_TIMEOUT_MS = 5_000;
const REPLY_TIMEOUT_MS = 5_000;
const SEND_DEADLINE_MS = 10_000;

/** Through the mail server SMTP_URL names, from SMTP_FROM, one connection per email (invitations are rare). */
export class SmtpInvitationMailer extends InvitationMailer implements OnModuleDestroy {
  readonly enabled = true;
  private readonly logger = new Logger('InvitationMailer');
  private readonly transport: Transporter;

  constructor(
    private readonly server: SmtpServer,
    private readonly from: string,
  ) {
    super();
    this.transport = createTransport({
      host: server.host,
      port: server.port,
      secure: server.secure,
      auth: server.auth,
      connectionTimeout: CONNECT_TIMEOUT_MS,
      greetingTimeout: REPLY_TIMEOUT_MS,
      socketTimeout: REPLY_TIMEOUT_MS,
      dnsTimeout: CONNECT_TIMEOUT_MS,
      // nodemailer's own logging stays off: it would print the conversation, the link's token with it.
      logger: false,
      debug: false,
    });
  }

  async send(email: InvitationEmail): Promise<InvitationEmailOutcome> {
    const message = invitationMessage(email);
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(Object.assign(new Error('no answer in time'), { code: 'ETIMEDOUT' })), SEND_DEADLINE_MS);
    });
    try {
      await Promise.race([this.transport.sendMail({ from: this.from, to: email.to, ...message }), deadline]);
      return { sent: true };
    } catch (err) {
      const error = this.server.withoutPassword(describeSendError(err, this.server));
      // No address or link in the log: the partner's email is personal data, and the link is their key.
      this.logger.warn(`An invitation email was not sent: ${error}`);
      return { sent: false, error };
    } finally {
      clearTimeout(timer);
    }
  }

  onModuleDestroy(): void {
    this.transport.close();
  }
}

/** A nodemailer error in the merchant's words: what went wrong, and the server's own answer when it gave one. */
export function describeSendError(err: unknown, server: SmtpServer): string {
  const { code, response, message } = (err ?? {}) as { code?: string; response?: string; message?: string };
  const said = oneLine(response ?? message ?? String(err));
  const where = `${server.host}:${server.port}`;
  switch (code) {
    case 'EENVELOPE':
    case 'EMESSAGE':
      return `The mail server refused the message: ${said}`;
    case 'EAUTH':
    case 'ENOAUTH':
      return `The mail server refused the sign-in (check the user and password in SMTP_URL): ${said}`;
    case 'ETLS':
    case 'EREQUIRETLS':
      return `A secure connection to the mail server ${where} failed (check smtp:// or smtps:// and the port in SMTP_URL): ${said}`;
    case 'ETIMEDOUT':
      return `The mail server ${where} did not answer in time (check SMTP_URL, and that the server is up): ${said}`;
    case 'ECONNECTION':
    case 'ESOCKET':
    case 'EDNS':
    case 'EPROXY':
      return `The mail server ${where} could not be reached (check SMTP_URL, and that the server is up): ${said}`;
    default:
      return `The email could not be sent: ${said}`;
  }
}

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim().slice(0, 300);

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** "7 December 2026 at 15:20 UTC": the partner may be anywhere; UTC says it once for all. */
const untilText = (at: Date) => `${new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' }).format(at)} UTC`;

/** The invitation email: plain text, and the same in simple HTML. */
export function invitationMessage(email: InvitationEmail): { subject: string; text: string; html: string } {
  // Names are the merchant's free text: one line each in the subject.
  const workspace = oneLine(email.workspaceName);
  const partner = oneLine(email.partnerName);
  const until = untilText(email.expiresAt);
  const text = [
    `Hello ${partner},`,
    '',
    `${workspace} invites you to its partner portal, where you can follow your referral links, your sales and what you are owed.`,
    '',
    'Accept the invitation and choose your password here:',
    email.url,
    '',
    `The link works once, until ${until}. If it has expired, ask ${workspace} for a new one.`,
    '',
    'If you did not expect this email, you can ignore it.',
    '',
  ].join('\n');
  const html = [
    '<!doctype html>',
    `<html lang="en"><body style="font-family: sans-serif; line-height: 1.5">`,
    `<p>Hello ${escapeHtml(partner)},</p>`,
    `<p>${escapeHtml(workspace)} invites you to its partner portal, where you can follow your referral links, your sales and what you are owed.</p>`,
    `<p><a href="${escapeHtml(email.url)}">Accept the invitation and choose your password</a></p>`,
    `<p>Or copy this link into your browser:<br>${escapeHtml(email.url)}</p>`,
    `<p>The link works once, until ${escapeHtml(until)}. If it has expired, ask ${escapeHtml(workspace)} for a new one.</p>`,
    '<p>If you did not expect this email, you can ignore it.</p>',
    '</body></html>',
  ].join('\n');
  return { subject: `${workspace} invites you to its partner portal`, text, html };
}

/** The mailer SMTP_URL and SMTP_FROM ask for (config validation made sure SMTP_FROM is there with SMTP_URL). */
export const invitationMailerProvider = {
  provide: InvitationMailer,
  inject: [DASHBOARD_CONFIG],
  useFactory: (config: DashboardConfig): InvitationMailer =>
    config.SMTP_URL && config.SMTP_FROM ? new SmtpInvitationMailer(config.SMTP_URL, config.SMTP_FROM) : new NoInvitationMailer(),
};
