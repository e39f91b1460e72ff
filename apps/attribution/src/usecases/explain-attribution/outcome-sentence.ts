import type { StripeEventOutcome } from '@app/domain';

/**
 * Every outcome attribution records for a Stripe event, in words a merchant understands: the one
 * place the dashboard's "why was this sale not attributed?" takes them from. A Record, so a new
 * outcome does not compile until it has its sentence.
 */
const SENTENCES: Record<StripeEventOutcome, string> = {
  attributed: 'A conversion was recorded for a partner from this event.',
  expired: 'The click on this sale was older than the attribution window, so the conversion was recorded as expired and no partner was credited.',
  no_signal:
    'No click id or promo code was on this sale: it carried no client_reference_id and no aff_click_id or aff_promo_code metadata, so nothing could attribute it.',
  unknown_click:
    'The click id on this sale names no click of this workspace in this mode (a click of the other mode or of another workspace, or a mistyped id), so it could not be attributed.',
  awaiting_payment:
    'Checkout completed but its payment is still pending (a delayed payment method): the conversion stays pending until Stripe reports the payment.',
  payment_failed: 'The delayed payment failed, so the pending conversion was rejected.',
  not_a_sale: 'This is not a sale (for example a setup-mode Checkout Session, or an invoice that is not paid), so there was nothing to attribute.',
  unknown_promo_code: 'The promo code on this sale names no promo code of this workspace in this mode, so it could not be attributed.',
  already_counted: 'This sale was already counted from another Stripe event or a Conversion API report; this event did not count it again.',
  awaiting_sale:
    "This invoice's customer is credited to a partner, but the customer's credited sale does not explain this invoice: it waits for a sale of its own " +
    '(its Checkout Session or its subscription) before it is counted.',
  refund_applied: 'Money went back (a refund or a dispute): it was applied to the conversion of its sale.',
  awaiting_sale_of_payment: 'Money went back (a refund or a dispute) for a payment whose sale is not known yet: it is kept, and applied when the sale arrives.',
  no_sale: 'Money went back (a refund or a dispute) for a payment that no attributed sale explains, so there was nothing to apply it to.',
  ignored: 'Attribution does not read this type of Stripe event: it was acknowledged and left alone.',
};

/** The outcome's sentence, with what attribution noted about this event (a click id, a date) after it. */
export function outcomeSentence(outcome: StripeEventOutcome, detail: string | null = null): string {
  const sentence = SENTENCES[outcome] ?? `Attribution recorded the outcome "${outcome}".`;
  return detail ? `${sentence} (${detail})` : sentence;
}
