import { z } from 'zod';
import { commonEnv, databaseEnv, envHelpers, loadConfig, secretsEnv } from '@app/config';
import { requireSmtpFrom, smtpFromSetting, smtpUrlSetting } from './portal/smtp-settings';

const serviceUrl = (port: number) => envHelpers.url(['http:', 'https:'], `http://127.0.0.1:${port}`);

export const dashboardEnv = z
  .object({
    ...commonEnv,
    ...databaseEnv,
    /** The install's sealing key: the dashboard derives the secret its sessions' keys are made with from it. */
    ...secretsEnv,
    DASHBOARD_PORT: envHelpers.port(3000),
    /** Where the dashboard forwards the browser's API calls: the services' own addresses, seen from here. */
    TRACKING_URL: serviceUrl(3001),
    ATTRIBUTION_URL: serviceUrl(3003),
    COMMISSIONS_URL: serviceUrl(3004),
    /** What the Get started page tells the merchant to use: the snippet's host, and where Stripe sends webhooks. */
    TRACKING_PUBLIC_URL: serviceUrl(3001),
    WEBHOOK_INGEST_PUBLIC_URL: serviceUrl(3002),
    /** A session ends this long after sign-in, however active (hours). */
    DASHBOARD_SESSION_HOURS: envHelpers.positiveInt(12, 24 * 30),
    /** Failed sign-ins an email address (or a client address, times ten) may make in a quarter of an hour before it must wait. */
    DASHBOARD_SIGN_IN_FAILURES: envHelpers.positiveInt(5, 1000),
    /** A partner portal session ends this long after sign-in, however active (hours). */
    PORTAL_SESSION_HOURS: envHelpers.positiveInt(12, 24 * 30),
    /** A partner's invitation to the portal can be accepted this long after it was made (hours), once. */
    PORTAL_INVITATION_HOURS: envHelpers.positiveInt(168, 24 * 30),
    /** The built browser app (`npm run build` writes it). */
    DASHBOARD_WEB_DIR: z.string().min(1).default('dist/dashboard-web'),
    /**
     * The mail server partners' invitations are emailed through (smtp:// or smtps://, with a user and
     * password if it asks for them); unset, nothing is emailed and the merchant copies the link.
     */
    SMTP_URL: smtpUrlSetting,
    /** The sender of those emails; required with SMTP_URL. */
    SMTP_FROM: smtpFromSetting,
  })
  .superRefine(requireSmtpFrom);

export type DashboardConfig = z.output<typeof dashboardEnv>;

export function loadDashboardConfig(env: NodeJS.ProcessEnv = process.env): DashboardConfig {
  return loadConfig(dashboardEnv, env);
}

export const DASHBOARD_CONFIG = Symbol('DASHBOARD_CONFIG');
/** The secret sessions' `ss_` keys are derived with (see session-secrets.ts). */
export const SESSION_KEY_SECRET = Symbol('SESSION_KEY_SECRET');
/** The secret partner portal sessions' `ps_` keys are derived with: another label, so neither kind's key is the other's. */
export const PORTAL_KEY_SECRET = Symbol('PORTAL_KEY_SECRET');
