import { CreateAttributionSchema1764180100000 } from './1764180100000-create-attribution-schema';
import { RenewalsPromoCodesOutbox1764180200000 } from './1764180200000-renewals-promo-codes-outbox';
import { SelectiveSaleIndexes1764180300000 } from './1764180300000-selective-sale-indexes';
import { ConversionApiAndWebhooks1764180400000 } from './1764180400000-conversion-api-and-webhooks';
import { WebhookDeliveriesInFlight1764180500000 } from './1764180500000-webhook-deliveries-in-flight';
import { UnattributedInvoicesCustomerFirst1764180600000 } from './1764180600000-unattributed-invoices-customer-first';
import { UnattributedCheckoutSessions1764180700000 } from './1764180700000-unattributed-checkout-sessions';
import { InvoicesAwaitingTheirSale1764180710000 } from './1764180710000-invoices-awaiting-their-sale';
import { RetentionPurgeIndexes1764180900000 } from './1764180900000-retention-purge-indexes';
import { UnattributedInvoicesCustomerWindow1764180910000 } from './1764180910000-unattributed-invoices-customer-window';
import { ConversionMoneyBack1764190100000 } from './1764190100000-conversion-money-back';
import { UnattributedInvoicesCommissionable1764190200000 } from './1764190200000-unattributed-invoices-commissionable';
import { PaymentLinksAndKeptMoneyBack1764190300000 } from './1764190300000-payment-links-and-kept-money-back';
import { ConversionListIndexes1764600300000 } from './1764600300000-conversion-list-indexes';
import { StripeEventReads1764600400000 } from './1764600400000-stripe-event-reads';
import { ClickSummaryIndex1764600500000 } from './1764600500000-click-summary-index';
import { ConversionReferralTokens1764700200000 } from './1764700200000-conversion-referral-tokens';
import { ReferralTokenReadIndexes1764700210000 } from './1764700210000-referral-token-read-indexes';

/** Listed explicitly (not globbed) so the bundled service and the TypeORM CLI run the same set. */
export const attributionMigrations = [
  CreateAttributionSchema1764180100000,
  RenewalsPromoCodesOutbox1764180200000,
  SelectiveSaleIndexes1764180300000,
  ConversionApiAndWebhooks1764180400000,
  WebhookDeliveriesInFlight1764180500000,
  UnattributedInvoicesCustomerFirst1764180600000,
  UnattributedCheckoutSessions1764180700000,
  InvoicesAwaitingTheirSale1764180710000,
  RetentionPurgeIndexes1764180900000,
  UnattributedInvoicesCustomerWindow1764180910000,
  ConversionMoneyBack1764190100000,
  UnattributedInvoicesCommissionable1764190200000,
  PaymentLinksAndKeptMoneyBack1764190300000,
  ConversionListIndexes1764600300000,
  StripeEventReads1764600400000,
  ClickSummaryIndex1764600500000,
  ConversionReferralTokens1764700200000,
  ReferralTokenReadIndexes1764700210000,
];
