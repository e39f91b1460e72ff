import { invoiceSignal, isFirstInvoiceOfSubscription } from './invoice-signal';

const CLICK = '3f0c1a52-9d1e-4b8e-a2f4-6c7d8e9f0a1b';

describe('invoiceSignal', () => {
  it.each([
    ['click id and promo code', { aff_click_id: CLICK.toUpperCase(), aff_promo_code: ' summer20 ' }, { clickId: CLICK, promoCode: 'SUMMER20' }],
    ['empty strings', { aff_click_id: '', aff_promo_code: '' }, { clickId: null, promoCode: null }],
    ['absent keys', {}, { clickId: null, promoCode: null }],
    ['null metadata', null, { clickId: null, promoCode: null }],
    ['a non-UUID click id', { aff_click_id: 'order-42' }, { clickId: null, promoCode: null }],
    ['a promo code alone', { aff_promo_code: 'Spring' }, { clickId: null, promoCode: 'SPRING' }],
    ['non-string values', { aff_click_id: 7, aff_promo_code: true }, { clickId: null, promoCode: null }],
  ])('%s', (_name, metadata, expected) => {
    expect(invoiceSignal(metadata)).toEqual(expected);
  });
});

describe('isFirstInvoiceOfSubscription', () => {
  it.each([
    ['subscription_create', true],
    ['subscription_cycle', false],
    ['subscription_update', false],
    ['subscription_threshold', false],
    ['manual', false],
    [null, false],
  ])('%s -> %s', (reason, expected) => {
    expect(isFirstInvoiceOfSubscription(reason)).toBe(expected);
  });
});
