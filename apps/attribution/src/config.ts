import { z } from 'zod';
import { commonEnv, secretsEnv, databaseEnv, envHelpers, loadConfig } from '@app/config';
import { retentionEnv } from './retention/retention-settings';

/** 5 s, 1 min, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h. */
const DEFAULT_WEBHOOK_RETRY_DELAYS_MS = [5_000, 60_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000];

export const attributionEnv = z
  .object({
    ...commonEnv,
    ...secretsEnv,
    ...databaseEnv,
    ...retentionEnv,
    ATTRIBUTION_PORT: envHelpers.port(3003),
    /** Messages one replica handles at once, per consumer. */
    ATTRIBUTION_CONCURRENCY: envHelpers.positiveInt(64, 1024),
    /** Stripe events decided as one group, in one transaction (see StripeEventBatcher); 1 turns grouping off. */
    ATTRIBUTION_GROUP_COMMIT_MAX: envHelpers.positiveInt(32, 256),
    /**
     * How often its tables changed by more than autovacuum's threshold are analysed: without statistics
     * (autovacuum off) a grown table's lookups by invoice tie with the partner listing's index and may walk a
     * whole workspace.
     */
    ATTRIBUTION_STATISTICS_INTERVAL_MS: envHelpers.positiveInt(5_000),
    /**
     * How long an invoice of a bound customer that the binding's sale does not explain (a one-off
     * invoice, or another subscription's) waits, from its arrival, for a sale of its own (its Checkout
     * Session, its subscription's sale) before it counts as the bound partner's renewal. The default is
     * Stripe's retry period for a webhook, 3 days: a sale Stripe still delivers within it takes its
     * invoice, whichever event came first.
     */
    OWN_SALE_WAIT_SECONDS: envHelpers.positiveInt(259_200),
    /** How often invoices whose wait is over are counted as renewals. */
    OWN_SALE_WAIT_SWEEP_INTERVAL_MS: envHelpers.positiveInt(60_000),
    /**
     * How long a refund or dispute whose sale is not known (not attributed, or its link from invoice to
     * PaymentIntent not come yet) is kept waiting for it, from its arrival; then its outcome is
     * `no_sale`. Unset: UNATTRIBUTED_INVOICE_RETENTION_DAYS, as long as a kept sale can still be claimed.
     */
    MONEY_BACK_WAIT_SECONDS: z.coerce.number({ invalid_type_error: 'must be a number of seconds' }).int('must be a whole number').min(1).optional(),
    /** How often kept refunds and disputes are applied to sales now known, and those past their wait closed. */
    MONEY_BACK_SWEEP_INTERVAL_MS: envHelpers.positiveInt(30_000),
    /**
     * The longest a sale naming an unknown click waits for the clicks stream to pass its arrival
     * (normally milliseconds). Past it (a click attribution cannot copy, and that is never dead-lettered),
     * the wait ends with a warning and the click counts as unknown.
     */
    SIGNAL_WAIT_MAX_SECONDS: envHelpers.positiveInt(600),
    /**
     * Outgoing webhooks: the waits before each retry of a delivery that failed (non-2xx, timeout,
     * refused), in milliseconds. After the last, the delivery is kept as failed and can be redelivered
     * through the API. The default retries 8 times over about 27.6 hours.
     */
    WEBHOOK_RETRY_DELAYS_MS: z
      .string()
      .default(String(DEFAULT_WEBHOOK_RETRY_DELAYS_MS))
      .transform((v) => v.split(',').map((d) => Number(d.trim())))
      .refine(
        (list) => list.length >= 1 && list.length <= 50 && list.every((d) => Number.isInteger(d) && d > 0),
        'must be 1 to 50 positive whole numbers of milliseconds, comma-separated',
      ),
    /** Deliveries sent to one endpoint at once, across replicas (about: the count is not locked). */
    WEBHOOK_MAX_IN_FLIGHT_PER_ENDPOINT: envHelpers.positiveInt(8, 256),
    /**
     * Lets outgoing webhooks go to loopback receivers (127.0.0.0/8, ::1, localhost): for local
     * development and the tests, which set it (npm start does). Private, link-local and other
     * internal addresses stay refused whatever it says.
     */
    WEBHOOK_ALLOW_LOOPBACK: envHelpers.bool(false),
    /** How long a receiver has to answer one delivery (below the delivery consumer's 45 s ack wait). */
    WEBHOOK_TIMEOUT_MS: envHelpers.positiveInt(10_000, 30_000),
  })
  .refine((c) => !(c.UNATTRIBUTED_INVOICE_RETENTION_DAYS > 0) || c.OWN_SALE_WAIT_SECONDS < c.UNATTRIBUTED_INVOICE_RETENTION_DAYS * 86_400, {
    // An invoice purged while it waits would never be counted.
    message: 'must be shorter than UNATTRIBUTED_INVOICE_RETENTION_DAYS, so an invoice is not purged while it waits for a sale of its own',
    path: ['OWN_SALE_WAIT_SECONDS'],
  });

export type AttributionConfig = z.output<typeof attributionEnv>;

/** How long a refund or dispute waits for its sale (see MONEY_BACK_WAIT_SECONDS). */
export function moneyBackWaitMs(config: Pick<AttributionConfig, 'MONEY_BACK_WAIT_SECONDS' | 'UNATTRIBUTED_INVOICE_RETENTION_DAYS'>): number {
  return (config.MONEY_BACK_WAIT_SECONDS ?? config.UNATTRIBUTED_INVOICE_RETENTION_DAYS * 86_400) * 1000;
}

export function loadAttributionConfig(env: NodeJS.ProcessEnv = process.env): AttributionConfig {
  return loadConfig(attributionEnv, env);
}

export const ATTRIBUTION_CONFIG = Symbol('ATTRIBUTION_CONFIG');
