import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { readInvoice } from './invoice';

const fixture = (folder: string) =>
  JSON.parse(
    readFileSync(resolve(process.env.SELGEO_SHARED_DIR ?? resolve(__dirname, '../../../../../shared'), 'fixtures/stripe', folder, 'invoice.json'), 'utf8'),
  );

describe('readInvoice reads both Stripe payload shapes (official fixtures)', () => {
  it('pre-basil (2025-02-24.acacia): top-level subscription and paid', () => {
    const invoice = {
      ...fixture('openapi-v1505-2025-02-24.acacia'),
      subscription: 'sub_old',
      paid: true,
      status: 'paid',
      amount_paid: 2000,
      customer: 'cus_1',
      billing_reason: 'subscription_cycle',
    };
    expect(readInvoice(invoice)).toMatchObject({
      shape: 'pre-basil',
      subscriptionId: 'sub_old',
      paid: true,
      amountPaid: 2000,
      customerId: 'cus_1',
      billingReason: 'subscription_cycle',
    });
  });

  it('basil (2025-03-31.basil): parent.subscription_details, status paid', () => {
    const base = fixture('openapi-v1642-2025-03-31.basil');
    const invoice = {
      ...base,
      status: 'paid',
      amount_paid: 900,
      customer: { id: 'cus_2', object: 'customer' },
      parent: { type: 'subscription_details', quote_details: null, subscription_details: { metadata: { aff_click_id: 'ignored' }, subscription: 'sub_new' } },
    };
    delete (invoice as Record<string, unknown>).subscription;
    expect(readInvoice(invoice)).toMatchObject({ shape: 'basil', subscriptionId: 'sub_new', paid: true, amountPaid: 900, customerId: 'cus_2' });
  });

  it('after dahlia (HEAD fixture), including its stale top-level "subscription": null', () => {
    const invoice = {
      ...fixture('openapi-v2436-HEAD-2026-08-21'),
      status: 'paid',
      parent: { type: 'subscription_details', subscription_details: { subscription: { id: 'sub_x', object: 'subscription' } } },
    };
    expect(readInvoice(invoice)).toMatchObject({ shape: 'basil', subscriptionId: 'sub_x', paid: true });
  });

  it('a draft invoice is not paid', () => {
    expect(readInvoice(fixture('openapi-v1642-2025-03-31.basil'))!.paid).toBe(false);
  });

  it("never reads subscription metadata as the invoice's own (direct subscriptions carry no signal)", () => {
    const invoice = {
      ...fixture('openapi-v1505-2025-02-24.acacia'),
      metadata: {},
      subscription_details: { metadata: { aff_click_id: '3f0c1a52-9d1e-4b8e-a2f4-6c7d8e9f0a1b' } },
    };
    expect(readInvoice(invoice)!.metadata).toEqual({});
  });
});
