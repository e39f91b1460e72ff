/**
 * JetStream subjects and streams, relative to the deployment's namespace (`SELGEO_NAMESPACE`,
 * default `selgeo`). The messaging library adds the namespace, so several environments can
 * share one NATS cluster.
 */
export const Subjects = {
  clickRecorded: 'click.recorded',
  promoCodeAssigned: 'promo_code.assigned',
  /** `conversion.created` and `conversion.updated`: see `ConversionEvent`. */
  conversionEvent: (type: string) => type,
  conversionEvents: 'conversion.>',
  /** One subject per Stripe event type, e.g. `stripe.event.invoice.paid`. */
  stripeEvent: (type: string) => `stripe.event.${type}`,
  stripeEvents: 'stripe.event.>',
  deadLetter: (originalSubject: string) => `dead-letter.${originalSubject}`,
  /** One message per outgoing webhook delivery (and manual redelivery): see `WebhookDeliveryDue`. */
  webhookDelivery: 'webhook.delivery',
  /**
   * Core NATS request-reply, not a stream: the gateway asks attribution to decide a Conversion API
   * call and answers the merchant with the reply, so nothing is stored on the way.
   */
  conversionReport: 'rpc.conversion.report',
  /** Core NATS request-reply: the gateway asks attribution to apply a Conversion API refund. */
  conversionRefund: 'rpc.conversion.refund',
  /** `partner.upserted`: see `PartnerUpsertedEvent`. */
  partnerUpserted: 'partner.upserted',
  /** `commission.created` / `commission.updated` and `payout.created` / `payout.paid`. */
  commissionEvent: (type: string) => type,
  commissionEvents: 'commission.>',
  payoutEvents: 'payout.>',
} as const;

export interface StreamSpec {
  /** Logical name; the stream is named `<NAMESPACE>_<name>`. */
  name: string;
  subjects: string[];
  /** How long messages are kept for replay and audit. */
  maxAgeDays: number;
  /** JetStream drops a message whose id it saw within this window. */
  duplicateWindowSeconds: number;
}

/** A catalogue (partners, promo codes): kept for good, and tracking republishes it whole at start-up as well. */
const CATALOGUE = { maxAgeDays: 3650, duplicateWindowSeconds: 120 };
/** What a service announces of its records (conversions; commissions and payouts), relayed from its outbox. */
const ANNOUNCEMENTS = { maxAgeDays: 30, duplicateWindowSeconds: 3600 };

export const Streams = {
  clicks: {
    name: 'CLICKS',
    subjects: [Subjects.clickRecorded],
    maxAgeDays: 400, // longer than the longest attribution window (365 days)
    duplicateWindowSeconds: 120,
  },
  promoCodes: { name: 'PROMO_CODES', subjects: [Subjects.promoCodeAssigned], ...CATALOGUE },
  conversions: { name: 'CONVERSIONS', subjects: [Subjects.conversionEvents], ...ANNOUNCEMENTS },
  stripeEvents: {
    name: 'STRIPE_EVENTS',
    subjects: [Subjects.stripeEvents],
    maxAgeDays: 90,
    // Stripe retries for up to three days; the attribution ledger dedups beyond this window.
    duplicateWindowSeconds: 3600,
  },
  webhookDeliveries: {
    name: 'WEBHOOK_DELIVERIES',
    subjects: [Subjects.webhookDelivery],
    maxAgeDays: 7, // longer than the retry schedule (about 28 hours by default)
    duplicateWindowSeconds: 120,
  },
  partners: { name: 'PARTNERS', subjects: [Subjects.partnerUpserted], ...CATALOGUE },
  commissions: { name: 'COMMISSIONS', subjects: [Subjects.commissionEvents, Subjects.payoutEvents], ...ANNOUNCEMENTS },
  deadLetters: {
    name: 'DEAD_LETTERS',
    subjects: ['dead-letter.>'],
    maxAgeDays: 365,
    duplicateWindowSeconds: 120,
  },
} satisfies Record<string, StreamSpec>;

export const ALL_STREAMS: StreamSpec[] = Object.values(Streams);

/** Durable consumers: replicas of a service share one, so each message goes to one replica. */
export const Consumers = {
  attributionClicks: 'attribution-clicks',
  attributionStripeEvents: 'attribution-stripe-events',
  attributionPromoCodes: 'attribution-promo-codes',
  webhookDeliveries: 'attribution-webhook-deliveries',
  /** Fails the deliveries whose messages were dead-lettered, so they can be redelivered. */
  webhookDeadLetters: 'attribution-webhook-dead-letters',
  /** Attribution's webhooks deliver the commissions service's events too. */
  webhookCommissionEvents: 'attribution-webhook-commission-events',
  commissionsConversions: 'commissions-conversions',
  commissionsClicks: 'commissions-clicks',
  commissionsPartners: 'commissions-partners',
} as const;

/** Queue group of the commissions replicas. */
export const COMMISSIONS_QUEUE_GROUP = 'commissions';

/** Queue group of the attribution replicas answering `rpc.*` requests. */
export const ATTRIBUTION_QUEUE_GROUP = 'attribution';
