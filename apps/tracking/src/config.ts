import { z } from 'zod';
import { commonEnv, databaseEnv, envHelpers, loadConfig } from '@app/config';

export const trackingEnv = z.object({
  ...commonEnv,
  ...databaseEnv,
  TRACKING_PORT: envHelpers.port(3001),
  /** The address partners' links point at, e.g. https://track.example.com (used in `/r/TOKEN` links). */
  TRACKING_PUBLIC_URL: envHelpers.url(['http:', 'https:'], 'http://127.0.0.1:3001'),
  CLICK_RATE_LIMIT_PER_MINUTE: envHelpers.positiveInt(1000),
  /** The built snippet served at /v1/selgeo.js. */
  SNIPPET_PATH: z.string().min(1).default('dist/snippet/selgeo.js'),
});

export type TrackingConfig = z.output<typeof trackingEnv>;

export function loadTrackingConfig(env: NodeJS.ProcessEnv = process.env): TrackingConfig {
  return loadConfig(trackingEnv, env);
}
