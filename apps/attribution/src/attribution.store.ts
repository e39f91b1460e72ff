import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ConversionKind, ConversionStatus, Mode, StripeEventOutcome } from '@app/domain';

export interface KnownClick {
  clickId: string;
  partnerId: string;
  clickedAt: Date;
  expiresAt: Date;
}

export interface ConversionDraft {
  id: string;
  workspaceId: string;
  mode: Mode;
  partnerId: string;
  clickId: string | null;
  promoCode: string | null;
  kind: ConversionKind;
  status: ConversionStatus;
  amountCents: number;
  currency: string | null;
  sourceEventId: string;
  stripeCustomerId: string | null;
  stripeSubscriptionId: string | null;
  stripeInvoiceId: string | null;
  stripeCheckoutSessionId: string | null;
  occurredAt: Date;
}

export interface ClaimedEvent {
  workspaceId: string;
  eventId: string;
  mode: Mode;
  type: string;
  stripeCreatedAt: Date;
}

/**
 * Attribution's reads and writes inside one database transaction. Exactly-once rests on the
 * constraints used here (the event ledger's key, one conversion per Checkout Session and per
 * invoice, one partner per customer), not on anything held in memory, so any number of replicas
 * may run the same work at once.
 */
export class AttributionTransaction {
  constructor(private readonly db: EntityManager) {}

  /** False when the event was already processed (by this or another replica). */
  async claimEvent(event: ClaimedEvent): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `INSERT INTO attribution.stripe_events (workspace_id, event_id, mode, type, outcome, stripe_created_at)
       VALUES ($1, $2, $3, $4, 'ignored', $5)
       ON CONFLICT (workspace_id, event_id) DO NOTHING
       RETURNING event_id`,
      [event.workspaceId, event.eventId, event.mode, event.type, event.stripeCreatedAt],
    );
    return rows.length > 0;
  }

  async settleEvent(workspaceId: string, eventId: string, outcome: StripeEventOutcome, detail: string | null, conversionId: string | null): Promise<void> {
    await this.db.query(
      `UPDATE attribution.stripe_events SET outcome = $3, detail = $4, conversion_id = $5, processed_at = now()
        WHERE workspace_id = $1 AND event_id = $2`,
      [workspaceId, eventId, outcome, detail, conversionId],
    );
  }

  async findClicks(workspaceId: string, mode: Mode, clickIds: string[]): Promise<Map<string, KnownClick>> {
    if (clickIds.length === 0) return new Map();
    const rows: Array<{ click_id: string; partner_id: string; clicked_at: Date; expires_at: Date }> = await this.db.query(
      `SELECT click_id, partner_id, clicked_at, expires_at FROM attribution.clicks
        WHERE workspace_id = $1 AND mode = $2 AND click_id = ANY($3::uuid[])`,
      [workspaceId, mode, clickIds],
    );
    return new Map(rows.map((r) => [r.click_id, { clickId: r.click_id, partnerId: r.partner_id, clickedAt: r.clicked_at, expiresAt: r.expires_at }]));
  }

  /** The id of the stored conversion, or null when this sale is already counted. */
  async insertConversion(c: ConversionDraft): Promise<string | null> {
    const rows: unknown[] = await this.db.query(
      `INSERT INTO attribution.conversions (id, workspace_id, mode, partner_id, click_id, promo_code, kind, status, amount_cents,
         currency, source_event_id, stripe_customer_id, stripe_subscription_id, stripe_invoice_id, stripe_checkout_session_id, occurred_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
       ON CONFLICT DO NOTHING
       RETURNING id`,
      [
        c.id, c.workspaceId, c.mode, c.partnerId, c.clickId, c.promoCode, c.kind, c.status, c.amountCents,
        c.currency, c.sourceEventId, c.stripeCustomerId, c.stripeSubscriptionId, c.stripeInvoiceId, c.stripeCheckoutSessionId, c.occurredAt,
      ],
    );
    return rows.length > 0 ? c.id : null;
  }

  /** Binds a Stripe customer to a partner for renewals; the first binding stands for good. */
  async bindCustomer(workspaceId: string, mode: Mode, stripeCustomerId: string, partnerId: string, conversionId: string): Promise<void> {
    await this.db.query(
      `INSERT INTO attribution.customer_bindings (workspace_id, mode, stripe_customer_id, partner_id, conversion_id)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
      [workspaceId, mode, stripeCustomerId, partnerId, conversionId],
    );
  }
}

@Injectable()
export class AttributionStore {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (tx: AttributionTransaction) => Promise<T>): Promise<T> {
    return this.dataSource.transaction((manager) => work(new AttributionTransaction(manager)));
  }

  async recordClick(click: { clickId: string; workspaceId: string; mode: Mode; partnerId: string; referralToken: string; clickedAt: Date; expiresAt: Date }): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO attribution.clicks (click_id, workspace_id, mode, partner_id, referral_token, clicked_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (click_id) DO NOTHING`,
      [click.clickId, click.workspaceId, click.mode, click.partnerId, click.referralToken, click.clickedAt, click.expiresAt],
    );
  }
}
