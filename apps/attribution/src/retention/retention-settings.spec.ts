import { ConfigError } from '@app/config';
import { loadAttributionConfig } from '../config';

/** What every start needs besides the settings under test. */
const required = { WEBHOOK_SECRETS_KEY: Buffer.alloc(32, 7).toString('base64') };
const load = (env: NodeJS.ProcessEnv) => loadAttributionConfig({ ...required, ...env });

/** The problems start-up reports for an environment, one string per bad variable. */
function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    load(env);
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
}

describe('retention settings', () => {
  it('defaults to 180 days of ledger, 45 of unattributed invoices, 30 of finished deliveries, a purge an hour', () => {
    const config = load({});
    expect({
      ledger: config.STRIPE_EVENT_RETENTION_DAYS,
      invoices: config.UNATTRIBUTED_INVOICE_RETENTION_DAYS,
      deliveries: config.WEBHOOK_DELIVERY_RETENTION_DAYS,
      interval: config.RETENTION_PURGE_INTERVAL_MINUTES,
    }).toEqual({ ledger: 180, invoices: 45, deliveries: 30, interval: 60 });
  });

  it('takes whole numbers of days within each range, and 0 as "keep forever" where that is offered', () => {
    const config = load({
      STRIPE_EVENT_RETENTION_DAYS: '0',
      UNATTRIBUTED_INVOICE_RETENTION_DAYS: '7',
      WEBHOOK_DELIVERY_RETENTION_DAYS: '0',
      RETENTION_PURGE_INTERVAL_MINUTES: '5',
    });
    expect(config).toMatchObject({
      STRIPE_EVENT_RETENTION_DAYS: 0,
      UNATTRIBUTED_INVOICE_RETENTION_DAYS: 7,
      WEBHOOK_DELIVERY_RETENTION_DAYS: 0,
      RETENTION_PURGE_INTERVAL_MINUTES: 5,
    });
    expect(load({ STRIPE_EVENT_RETENTION_DAYS: '120', UNATTRIBUTED_INVOICE_RETENTION_DAYS: '400' })).toMatchObject({
      STRIPE_EVENT_RETENTION_DAYS: 120,
      UNATTRIBUTED_INVOICE_RETENTION_DAYS: 400,
    });
  });

  it('takes an empty value as the default, never as "keep forever"', () => {
    expect(load({ STRIPE_EVENT_RETENTION_DAYS: '', WEBHOOK_DELIVERY_RETENTION_DAYS: '' })).toMatchObject({
      STRIPE_EVENT_RETENTION_DAYS: 180,
      WEBHOOK_DELIVERY_RETENTION_DAYS: 30,
    });
  });

  it('refuses a ledger shorter than Stripe resends and the stream replays events (120 days)', () => {
    expect(problemsOf({ STRIPE_EVENT_RETENTION_DAYS: '119' })).toEqual(['STRIPE_EVENT_RETENTION_DAYS: must be 0 (keep forever) or 120 to 3650 days']);
  });

  it('refuses to keep unattributed invoices forever, or for less than a week', () => {
    expect(problemsOf({ UNATTRIBUTED_INVOICE_RETENTION_DAYS: '0' })).toEqual(['UNATTRIBUTED_INVOICE_RETENTION_DAYS: must be 7 to 400 days']);
    expect(problemsOf({ UNATTRIBUTED_INVOICE_RETENTION_DAYS: '6' })).toEqual(['UNATTRIBUTED_INVOICE_RETENTION_DAYS: must be 7 to 400 days']);
    expect(problemsOf({ UNATTRIBUTED_INVOICE_RETENTION_DAYS: '401' })).toEqual(['UNATTRIBUTED_INVOICE_RETENTION_DAYS: must be 7 to 400 days']);
  });

  it('names every bad value: fractions, words, negative days, a purge interval out of range', () => {
    expect(
      problemsOf({
        STRIPE_EVENT_RETENTION_DAYS: '180.5',
        UNATTRIBUTED_INVOICE_RETENTION_DAYS: 'forty',
        WEBHOOK_DELIVERY_RETENTION_DAYS: '-1',
        RETENTION_PURGE_INTERVAL_MINUTES: '0',
      }),
    ).toEqual([
      'STRIPE_EVENT_RETENTION_DAYS: must be a whole number of days',
      'UNATTRIBUTED_INVOICE_RETENTION_DAYS: must be a number of days',
      'WEBHOOK_DELIVERY_RETENTION_DAYS: must be 0 (keep forever) or 1 to 3650 days',
      expect.stringMatching(/^RETENTION_PURGE_INTERVAL_MINUTES: /),
    ]);
  });
});
