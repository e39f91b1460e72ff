import { isUuid, normalizeUuid, STRIPE_METADATA_CLICK_ID, STRIPE_METADATA_PROMO_CODE } from '@app/domain';
import { metadataValue } from './checkout-click-id';

export interface InvoiceSignal {
  clickId: string | null;
  /** Upper case, as promo codes are stored. */
  promoCode: string | null;
}

/**
 * The attribution signal an invoice carries on its own metadata (seed: "initial invoices without
 * a preceding Checkout Session"). Empty strings and absent keys are no signal; a non-UUID
 * `aff_click_id` names no click.
 */
export function invoiceSignal(metadata: unknown): InvoiceSignal {
  const click = metadataValue(metadata, STRIPE_METADATA_CLICK_ID);
  const promo = metadataValue(metadata, STRIPE_METADATA_PROMO_CODE);
  const clickId = typeof click === 'string' && isUuid(click.trim()) ? normalizeUuid(click.trim()) : null;
  const promoCode = typeof promo === 'string' && promo.trim() !== '' ? promo.trim().toUpperCase() : null;
  return { clickId, promoCode };
}

/**
 * The first invoice of a subscription is its initial sale: it needs a signal of its own or its
 * Checkout Session. Every other invoice of a customer bound to a partner is a renewal.
 */
export function isFirstInvoiceOfSubscription(billingReason: string | null): boolean {
  return billingReason === 'subscription_create';
}
