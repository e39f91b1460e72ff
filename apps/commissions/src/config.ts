import { z } from 'zod';
import { commonEnv, secretsEnv, databaseEnv, envHelpers, loadConfig } from '@app/config';

export const commissionsEnv = z.object({
  ...commonEnv,
  ...secretsEnv,
  ...databaseEnv,
  COMMISSIONS_PORT: envHelpers.port(3004),
  /** Messages one replica handles at once, per consumer. */
  COMMISSIONS_CONCURRENCY: envHelpers.positiveInt(16, 1024),
  /** How often commissions whose hold ended are approved (or held for review). */
  COMMISSIONS_SWEEP_INTERVAL_MS: envHelpers.positiveInt(60_000),
  /** How often the schema's tables changed past autovacuum's threshold are analysed (where autovacuum does not). */
  COMMISSIONS_STATISTICS_INTERVAL_MS: envHelpers.positiveInt(5_000),
  /**
   * A partner whose refunded share of sales, in the commission's currency, is above this (basis
   * points; 2500 = 25%) has commissions held for review instead of approved.
   */
  COMMISSIONS_REVIEW_REFUND_RATE_BPS: z.coerce.number().int('must be a whole number').min(0).max(10_000, 'must be at most 10000 (100%)').default(2500),
});

export type CommissionsConfig = z.output<typeof commissionsEnv>;

export function loadCommissionsConfig(env: NodeJS.ProcessEnv = process.env): CommissionsConfig {
  return loadConfig(commissionsEnv, env);
}

export const COMMISSIONS_CONFIG = Symbol('COMMISSIONS_CONFIG');
