import { z } from 'zod';
import { commonEnv, secretsEnv, databaseEnv, envHelpers, loadConfig } from '@app/config';

export const trackingEnv = z.object({
  ...commonEnv,
  ...secretsEnv,
  ...databaseEnv,
  TRACKING_PORT: envHelpers.port(3001),
  /** The address partners' links point at, e.g. https://track.example.com (used in `/r/TOKEN` links). */
  TRACKING_PUBLIC_URL: envHelpers.url(['http:', 'https:'], 'http://127.0.0.1:3001'),
  /** Clicks a minute per referral token (per replica): one partner's link cannot exhaust another's. */
  CLICK_RATE_LIMIT_PER_MINUTE: envHelpers.positiveInt(1000),
  /** Clicks and redirects a minute per client address (per replica): far above a visitor, far below a flood. */
  CLICK_RATE_LIMIT_PER_CLIENT_PER_MINUTE: envHelpers.positiveInt(120),
  /**
   * Requests for unknown tokens a minute per workspace and mode (per replica), counted apart from
   * real clicks: junk sent with the public publishable key fills this and never blocks a real click.
   */
  CLICK_UNKNOWN_TOKEN_LIMIT_PER_MINUTE: envHelpers.positiveInt(300),
  /**
   * The operator credential for the admin API (/v1/admin/...): sent as "Authorization: Bearer <token>",
   * at least 32 characters. Unset, the admin API is off and answers 404.
   */
  ADMIN_API_TOKEN: z.preprocess((v) => (v === '' ? undefined : v), z.string().min(32, 'must be at least 32 characters').max(512).optional()),
  /** The built snippet served at /v1/selgeo.js. */
  SNIPPET_PATH: z.string().min(1).default('dist/snippet/selgeo.js'),
});

export type TrackingConfig = z.output<typeof trackingEnv>;

export function loadTrackingConfig(env: NodeJS.ProcessEnv = process.env): TrackingConfig {
  return loadConfig(trackingEnv, env);
}
