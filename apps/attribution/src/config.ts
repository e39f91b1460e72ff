import { z } from 'zod';
import { commonEnv, databaseEnv, envHelpers, loadConfig } from '@app/config';

export const attributionEnv = z.object({
  ...commonEnv,
  ...databaseEnv,
  ATTRIBUTION_PORT: envHelpers.port(3003),
  /** Messages one replica handles at once, per consumer. */
  ATTRIBUTION_CONCURRENCY: envHelpers.positiveInt(16, 256),
  /**
   * How many deliveries (about 2 s apart) an event waits for an unknown click id while the clicks
   * stream still has a backlog; past that the click is recorded as unknown. 900 is about 30 minutes.
   */
  CLICK_BACKLOG_MAX_DELIVERIES: envHelpers.positiveInt(900),
});

export type AttributionConfig = z.output<typeof attributionEnv>;

export function loadAttributionConfig(env: NodeJS.ProcessEnv = process.env): AttributionConfig {
  return loadConfig(attributionEnv, env);
}

export const ATTRIBUTION_CONFIG = Symbol('ATTRIBUTION_CONFIG');
