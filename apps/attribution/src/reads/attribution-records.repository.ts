import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { Mode } from '@app/domain';
import { ConversionEntity } from '../conversions/conversion.entity';
import { StripeEventRecordEntity } from '../stripe-events/stripe-event-record.entity';

/** A sale nobody could attribute yet, kept so a later report or sale can still credit it. */
export interface KeptSale {
  object: 'checkout_session' | 'invoice';
  id: string;
  customer: string | null;
  amountCents: number;
  currency: string | null;
  occurredAt: Date;
  sourceEventId: string;
}

interface KeptRow {
  object: 'checkout_session' | 'invoice';
  id: string;
  customer: string | null;
  amount_cents: string;
  currency: string | null;
  occurred_at: Date;
  source_event_id: string;
}

/** At most this many conversions of one customer are explained: the newest. */
const MAX_CONVERSIONS = 20;

/**
 * What attribution stored about a Stripe id, read by the id's own indexes: conversions by sale,
 * customer or subscription; kept sales; the links from a payment to its sales; the events' ledger.
 */
@Injectable()
export class AttributionRecordsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  eventsById(workspaceId: string, mode: Mode, eventIds: string[]): Promise<StripeEventRecordEntity[]> {
    if (eventIds.length === 0) return Promise.resolve([]);
    return this.dataSource.getRepository(StripeEventRecordEntity).findBy({ workspaceId, mode, eventId: In(eventIds) });
  }

  eventsOfConversions(workspaceId: string, mode: Mode, conversionIds: string[]): Promise<StripeEventRecordEntity[]> {
    if (conversionIds.length === 0) return Promise.resolve([]);
    return this.dataSource.getRepository(StripeEventRecordEntity).findBy({ workspaceId, mode, conversionId: In(conversionIds) });
  }

  conversionsById(workspaceId: string, mode: Mode, ids: string[]): Promise<ConversionEntity[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.dataSource.getRepository(ConversionEntity).findBy({ workspaceId, mode, id: In(ids) });
  }

  /** The conversions of a Checkout Session (cs_) or an invoice (in_): one each at most. */
  conversionsOfSales(workspaceId: string, mode: Mode, saleIds: string[]): Promise<ConversionEntity[]> {
    if (saleIds.length === 0) return Promise.resolve([]);
    const repository = this.dataSource.getRepository(ConversionEntity);
    return repository.find({
      where: [
        { workspaceId, mode, stripeCheckoutSessionId: In(saleIds) },
        { workspaceId, mode, stripeInvoiceId: In(saleIds) },
      ],
      order: { createdAt: 'ASC' },
    });
  }

  conversionsOfCustomer(workspaceId: string, mode: Mode, customerId: string): Promise<ConversionEntity[]> {
    return this.dataSource
      .getRepository(ConversionEntity)
      .find({ where: { workspaceId, mode, stripeCustomerId: customerId }, order: { createdAt: 'DESC' }, take: MAX_CONVERSIONS });
  }

  /** A subscription's sale (its renewals are credited through it, and found from it). */
  conversionsOfSubscription(workspaceId: string, mode: Mode, subscriptionId: string): Promise<ConversionEntity[]> {
    return this.dataSource.getRepository(ConversionEntity).find({ where: { workspaceId, mode, stripeSubscriptionId: subscriptionId, kind: 'initial' } });
  }

  /** The sales (cs_, in_) Stripe told attribution a payment (pi_, ch_) belongs to. */
  async salesOfPayment(workspaceId: string, mode: Mode, paymentId: string): Promise<string[]> {
    const rows: Array<{ sale_id: string }> = await this.dataSource.query(
      `SELECT sale_id FROM attribution.payment_links WHERE workspace_id = $1 AND mode = $2 AND payment_id = $3`,
      [workspaceId, mode, paymentId],
    );
    return rows.map((r) => r.sale_id);
  }

  /** Refunds and disputes of a payment still waiting for its sale: their events. */
  async moneyBackWaitingFor(workspaceId: string, mode: Mode, paymentId: string): Promise<string[]> {
    const rows: Array<{ event_id: string }> = await this.dataSource.query(
      `SELECT event_id FROM attribution.kept_money_back WHERE payment_ids @> ARRAY[$3]::text[] AND workspace_id = $1 AND mode = $2`,
      [workspaceId, mode, paymentId],
    );
    return rows.map((r) => r.event_id);
  }

  /** Kept (unattributed) Checkout Sessions and invoices, by their own id, their invoice, or their customer. */
  async keptSales(workspaceId: string, mode: Mode, by: { saleId?: string; customerId?: string }): Promise<KeptSale[]> {
    const sessions = `SELECT 'checkout_session' AS object, stripe_checkout_session_id AS id, stripe_customer_id AS customer, amount_cents::text,
                             currency, occurred_at, source_event_id FROM attribution.unattributed_checkout_sessions`;
    const invoices = `SELECT 'invoice' AS object, stripe_invoice_id AS id, stripe_customer_id AS customer, amount_cents::text,
                             currency, occurred_at, source_event_id FROM attribution.unattributed_invoices`;
    const scope = 'workspace_id = $1 AND mode = $2';
    const sql = by.saleId
      ? `${sessions} WHERE ${scope} AND (stripe_checkout_session_id = $3 OR stripe_invoice_id = $3)
         UNION ALL ${invoices} WHERE ${scope} AND stripe_invoice_id = $3`
      : `${invoices} WHERE stripe_customer_id = $3 AND ${scope} ORDER BY occurred_at DESC LIMIT ${MAX_CONVERSIONS}`;
    const rows: KeptRow[] = await this.dataSource.query(sql, [workspaceId, mode, by.saleId ?? by.customerId]);
    return rows.map((r) => ({
      object: r.object,
      id: r.id,
      customer: r.customer,
      amountCents: Number(r.amount_cents),
      currency: r.currency,
      occurredAt: r.occurred_at,
      sourceEventId: r.source_event_id,
    }));
  }

  /** The conversion's last change: money back reported through the Conversion API keeps no event of its own. */
  async updatedAt(conversionId: string): Promise<Date | null> {
    const rows: Array<{ updated_at: Date }> = await this.dataSource.query(`SELECT updated_at FROM attribution.conversions WHERE id = $1`, [conversionId]);
    return rows[0]?.updated_at ?? null;
  }
}
