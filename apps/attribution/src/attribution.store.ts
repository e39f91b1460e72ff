import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ConversionStatus, Mode, StripeEventOutcome } from '@app/domain';
import { preparedQuery } from '@app/persistence';
import { ConversionRecord, conversionFromRow } from './conversions/conversion-record';
import { enqueueOutboxMessage, OutboxMessage, OutboxRelay } from './outbox/outbox-relay';

export interface KnownClick {
  clickId: string;
  partnerId: string;
  clickedAt: Date;
  expiresAt: Date;
}

export interface ClaimedEvent {
  workspaceId: string;
  eventId: string;
  mode: Mode;
  type: string;
  stripeCreatedAt: Date;
}

export interface CustomerBinding {
  partnerId: string;
  conversionId: string;
  boundFrom: Date;
  /** The subscription the binding's sale started, if it started one: its renewals need no other sale. */
  subscriptionId: string | null;
}

/** The converted initial sale of a subscription, which its renewals follow. */
export interface SaleOfSubscription {
  partnerId: string;
  conversionId: string;
  occurredAt: Date;
}

/**
 * Which kept invoices a sale's partner takes as renewals: those of the sale's subscription, and those
 * that arrived before `waitedBefore` (they waited for a sale of their own, and none came).
 */
export interface RenewalClaim {
  subscriptionId: string | null;
  waitedBefore: Date;
}

export interface UnattributedInvoice {
  invoiceId: string;
  customerId: string | null;
  subscriptionId: string | null;
  billingReason: string | null;
  amountCents: number;
  currency: string | null;
  occurredAt: Date;
  sourceEventId: string;
  /** When the invoice's event arrived (JetStream stored it): its wait for a sale of its own counts from here. */
  receivedAt: Date;
}

/** The Stripe objects of one sale, as far as an event names them. */
export interface StripeSaleIds {
  customerId: string | null;
  subscriptionId: string | null;
  invoiceId: string | null;
  checkoutSessionId: string | null;
}

/** A Checkout Session that credited no partner, kept for a Conversion API report of the same sale. */
export interface UnattributedCheckoutSession {
  checkoutSessionId: string;
  customerId: string | null;
  subscriptionId: string | null;
  invoiceId: string | null;
  amountCents: number;
  currency: string | null;
  occurredAt: Date;
  sourceEventId: string;
}

/** What a Conversion API report of a Stripe sale takes over from the Stripe events kept unattributed. */
export interface UnattributedSale {
  session: UnattributedCheckoutSession | null;
  invoice: UnattributedInvoice | null;
}

/**
 * The advisory locks that serialise work on one sale and one customer, across replicas and paths
 * (Stripe events, Conversion API reports, the sweep). Every transaction takes its sale locks first,
 * in sorted order, and its customer's last: one order everywhere, so none can deadlock another.
 */
export function saleLockKey(workspaceId: string, mode: Mode, stripeId: string): string {
  return `${workspaceId}:${mode}:sale:${stripeId}`;
}

export function customerLockKey(workspaceId: string, mode: Mode, customerId: string): string {
  return `${workspaceId}:${mode}:${customerId}`;
}

/** Sale locks sorted, then the customer's: the order every transaction takes them in. */
export function lockOrder(workspaceId: string, mode: Mode, saleIds: string[], customerId: string | null): string[] {
  const sales = [...new Set(saleIds)].map((id) => saleLockKey(workspaceId, mode, id)).sort();
  return customerId ? [...sales, customerLockKey(workspaceId, mode, customerId)] : sales;
}

/**
 * What a decision may read and write, inside one database transaction. Two implementations: the
 * SQL one below (a statement per call), and the group one (`sales/group-commit`), which answers
 * from rows read for a whole group of events at once and writes them back together.
 */
export interface AttributionTransaction {
  readonly workspaceId: string;
  readonly mode: Mode;
  settleEvent(eventId: string, outcome: StripeEventOutcome, detail: string | null, conversionId: string | null): Promise<void>;
  findClicks(clickIds: string[]): Promise<Map<string, KnownClick>>;
  findPromoCodePartner(code: string): Promise<string | null>;
  insertConversion(c: ConversionRecord, announcement: OutboxMessage): Promise<ConversionRecord | null>;
  findConversionFor(sale: { checkoutSessionId?: string | null; invoiceId?: string | null }): Promise<ConversionRecord | null>;
  findConversionByExternalId(externalTransactionId: string): Promise<ConversionRecord | null>;
  existsInOtherMode(signal: { clickId?: string; promoCode?: string }): Promise<boolean>;
  settlePendingConversion(id: string, status: ConversionStatus): Promise<ConversionRecord | null>;
  /** Fills the Stripe ids a conversion lacks; null when it changed nothing. */
  completeStripeIds(id: string, ids: StripeSaleIds): Promise<ConversionRecord | null>;
  /**
   * A second conversion of one sale (each path counted it before it knew of the other) is marked
   * duplicate; a customer bound by it is bound by the conversion that stands instead.
   */
  markDuplicate(id: string, standing: ConversionRecord): Promise<ConversionRecord | null>;
  findSaleOfSubscription(subscriptionId: string): Promise<SaleOfSubscription | null>;
  findBinding(customerId: string): Promise<CustomerBinding | null>;
  bindCustomer(customerId: string, partnerId: string, conversionId: string, boundFrom: Date, subscriptionId: string | null): Promise<boolean>;
  keepUnattributedInvoice(invoice: UnattributedInvoice): Promise<void>;
  keepUnattributedSession(session: UnattributedCheckoutSession): Promise<void>;
  /** Removes and returns the customer's kept invoices, paid from `from` on (no first invoice of a subscription), that `claim` takes. */
  takeRenewalsOf(customerId: string, from: Date, claim: RenewalClaim): Promise<UnattributedInvoice[]>;
  dropUnattributedInvoice(invoiceId: string): Promise<UnattributedInvoice | null>;
  enqueue(message: OutboxMessage): Promise<void>;
}

/**
 * Attribution's reads and writes inside one database transaction. Exactly-once rests on the
 * constraints used here (the event ledger's key, one conversion per Checkout Session and per
 * invoice, one binding per customer) and on a per-customer lock, never on memory, so any number
 * of replicas may run the same work at once.
 */
export class SqlAttributionTransaction implements AttributionTransaction {
  /** The outbox messages this transaction wrote, to be published as soon as it commits. */
  readonly announcements: OutboxMessage[] = [];

  constructor(
    private readonly db: EntityManager,
    readonly workspaceId: string,
    readonly mode: Mode,
  ) {}

  /**
   * Claims a Stripe event in the ledger; false when it was already processed (by this or another
   * replica). First serialises all work on the sales it names and on its customer (bindings,
   * renewals, claims, Conversion API reports of the same sale) across replicas until the transaction
   * ends, so a renewal and its customer's binding, or a report and its Stripe event, can never miss
   * each other. One statement: the locks are taken, in `lockOrder`, before the claim is tried.
   */
  async claimEvent(event: Omit<ClaimedEvent, 'workspaceId' | 'mode'>, customerId: string | null, saleIds: string[] = []): Promise<boolean> {
    const rows: unknown[] = await preparedQuery(
      this.db,
      `WITH locks AS (SELECT count(pg_advisory_xact_lock(hashtextextended(k, 0))) AS n FROM unnest($6::text[]) AS k)
       INSERT INTO attribution.stripe_events (workspace_id, event_id, mode, type, outcome, stripe_created_at)
       SELECT $1, $2, $3, $4, 'ignored', $5 FROM locks
       ON CONFLICT (workspace_id, event_id) DO NOTHING
       RETURNING event_id`,
      [this.workspaceId, event.eventId, this.mode, event.type, event.stripeCreatedAt, lockOrder(this.workspaceId, this.mode, saleIds, customerId)],
    );
    return rows.length > 0;
  }

  /** Takes advisory locks in the order given (see `lockOrder`), until the transaction ends. */
  async lock(keys: string[]): Promise<void> {
    if (keys.length > 0) await preparedQuery(this.db, `SELECT count(pg_advisory_xact_lock(hashtextextended(k, 0))) FROM unnest($1::text[]) AS k`, [keys]);
  }

  async settleEvent(eventId: string, outcome: StripeEventOutcome, detail: string | null, conversionId: string | null): Promise<void> {
    await preparedQuery(this.db, 
      `UPDATE attribution.stripe_events SET outcome = $3, detail = $4, conversion_id = $5, processed_at = now()
        WHERE workspace_id = $1 AND event_id = $2`,
      [this.workspaceId, eventId, outcome, detail, conversionId],
    );
  }

  async findClicks(clickIds: string[]): Promise<Map<string, KnownClick>> {
    if (clickIds.length === 0) return new Map();
    const rows: Array<{ click_id: string; partner_id: string; clicked_at: Date; expires_at: Date }> = await preparedQuery(this.db, 
      `SELECT click_id, partner_id, clicked_at, expires_at FROM attribution.clicks
        WHERE workspace_id = $1 AND mode = $2 AND click_id = ANY($3::uuid[])`,
      [this.workspaceId, this.mode, clickIds],
    );
    return new Map(rows.map((r) => [r.click_id, { clickId: r.click_id, partnerId: r.partner_id, clickedAt: r.clicked_at, expiresAt: r.expires_at }]));
  }

  async findPromoCodePartner(code: string): Promise<string | null> {
    const rows: Array<{ partner_id: string }> = await preparedQuery(this.db, 
      `SELECT partner_id FROM attribution.promo_codes WHERE workspace_id = $1 AND mode = $2 AND code = $3`,
      [this.workspaceId, this.mode, code],
    );
    return rows[0]?.partner_id ?? null;
  }

  /**
   * Stores a conversion with the message announcing it (one statement: the outbox row is written
   * only if the conversion was). Null when this sale (its session, its invoice or its external
   * transaction id) is already counted.
   */
  async insertConversion(c: ConversionRecord, announcement: OutboxMessage): Promise<ConversionRecord | null> {
    const rows: Record<string, unknown>[] = await preparedQuery(this.db, 
      `WITH inserted AS (
         INSERT INTO attribution.conversions (id, workspace_id, mode, partner_id, click_id, promo_code, kind, status, amount_cents,
           currency, source_event_id, stripe_customer_id, stripe_subscription_id, stripe_invoice_id, stripe_checkout_session_id, occurred_at,
           source, event_type, external_transaction_id, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)
         ON CONFLICT DO NOTHING
         RETURNING *
       ), announced AS (
         INSERT INTO attribution.outbox (subject, msg_id, payload) SELECT $21, $22, $23 FROM inserted
       )
       SELECT * FROM inserted`,
      [
        c.id, c.workspaceId, c.mode, c.partnerId, c.clickId, c.promoCode, c.kind, c.status, c.amountCents,
        c.currency, c.sourceEventId, c.stripeCustomerId, c.stripeSubscriptionId, c.stripeInvoiceId, c.stripeCheckoutSessionId, c.occurredAt,
        c.source, c.eventType, c.externalTransactionId, c.createdAt,
        announcement.subject, announcement.msgId, JSON.stringify(announcement.payload),
      ],
    );
    if (!rows[0]) return null;
    this.announcements.push(announcement);
    return conversionFromRow(rows[0]);
  }

  /**
   * The conversion of a sale, by its Checkout Session or its invoice. Two lookups, each matching
   * its unique index exactly: an OR of the two lets the planner walk every conversion of the
   * workspace instead (measured: 185 ms at 46,000 conversions).
   */
  async findConversionFor(sale: { checkoutSessionId?: string | null; invoiceId?: string | null }): Promise<ConversionRecord | null> {
    const by = async (column: 'stripe_checkout_session_id' | 'stripe_invoice_id', value: string | null | undefined) => {
      if (!value) return null;
      const rows: Record<string, unknown>[] = await preparedQuery(this.db, 
        `SELECT * FROM attribution.conversions WHERE workspace_id = $1 AND mode = $2 AND ${column} = $3 FOR UPDATE`,
        [this.workspaceId, this.mode, value],
      );
      return rows[0] ? conversionFromRow(rows[0]) : null;
    };
    return (await by('stripe_checkout_session_id', sale.checkoutSessionId)) ?? (await by('stripe_invoice_id', sale.invoiceId));
  }

  /** The conversion a Conversion API call with this `external_transaction_id` created. */
  async findConversionByExternalId(externalTransactionId: string): Promise<ConversionRecord | null> {
    const rows: Record<string, unknown>[] = await preparedQuery(this.db, 
      `SELECT * FROM attribution.conversions WHERE external_transaction_id = $1 AND workspace_id = $2 AND mode = $3`,
      [externalTransactionId, this.workspaceId, this.mode],
    );
    return rows[0] ? conversionFromRow(rows[0]) : null;
  }

  /**
   * Whether this workspace has the click, or the promo code, in the other mode only: read to
   * explain a refusal ("a live click with a test key"), never to attribute across modes.
   */
  async existsInOtherMode(signal: { clickId?: string; promoCode?: string }): Promise<boolean> {
    const other = this.mode === 'test' ? 'live' : 'test';
    const rows: unknown[] = await preparedQuery(this.db, 
      `SELECT 1 FROM attribution.clicks WHERE $3::uuid IS NOT NULL AND click_id = $3::uuid AND workspace_id = $1 AND mode = $2
       UNION ALL
       SELECT 1 FROM attribution.promo_codes WHERE workspace_id = $1 AND mode = $2 AND code = $4
       LIMIT 1`,
      [this.workspaceId, other, signal.clickId ?? null, signal.promoCode ?? null],
    );
    return rows.length > 0;
  }

  /** Moves a conversion on from `pending`; the partner never changes. */
  async settlePendingConversion(id: string, status: ConversionStatus): Promise<ConversionRecord | null> {
    const rows = await preparedQuery<Record<string, unknown>>(this.db, `UPDATE attribution.conversions SET status = $2, updated_at = now() WHERE id = $1 AND status = 'pending' RETURNING *`, [id, status]);
    return rows[0] ? conversionFromRow(rows[0]) : null;
  }

  /**
   * An invoice or session id is filled only where no other conversion has it: one sale is one
   * conversion, and a session's invoice counted on its own stays where it is.
   */
  async completeStripeIds(id: string, ids: StripeSaleIds): Promise<ConversionRecord | null> {
    const rows = await preparedQuery<Record<string, unknown>>(
      this.db,
      `WITH next AS (
         SELECT c.id,
                COALESCE(c.stripe_customer_id, $2) AS customer,
                COALESCE(c.stripe_subscription_id, $3) AS subscription,
                COALESCE(c.stripe_invoice_id, (SELECT $4::text WHERE NOT EXISTS (
                  SELECT 1 FROM attribution.conversions o WHERE o.workspace_id = c.workspace_id AND o.mode = c.mode AND o.stripe_invoice_id = $4))) AS invoice,
                COALESCE(c.stripe_checkout_session_id, (SELECT $5::text WHERE NOT EXISTS (
                  SELECT 1 FROM attribution.conversions o
                   WHERE o.workspace_id = c.workspace_id AND o.mode = c.mode AND o.stripe_checkout_session_id = $5))) AS session
           FROM attribution.conversions c WHERE c.id = $1
       )
       UPDATE attribution.conversions c
          SET stripe_customer_id = next.customer, stripe_subscription_id = next.subscription, stripe_invoice_id = next.invoice,
              stripe_checkout_session_id = next.session, updated_at = now()
         FROM next
        WHERE c.id = next.id
          AND (c.stripe_customer_id, c.stripe_subscription_id, c.stripe_invoice_id, c.stripe_checkout_session_id)
              IS DISTINCT FROM (next.customer, next.subscription, next.invoice, next.session)
        RETURNING c.*`,
      [id, ids.customerId, ids.subscriptionId, ids.invoiceId, ids.checkoutSessionId],
    );
    return rows[0] ? conversionFromRow(rows[0]) : null;
  }

  async markDuplicate(id: string, standing: ConversionRecord): Promise<ConversionRecord | null> {
    // The binding is found by its key (the duplicate's customer), never by scanning for the conversion.
    const rows = await preparedQuery<Record<string, unknown>>(
      this.db,
      `WITH duplicate AS (
         UPDATE attribution.conversions SET status = 'duplicate', updated_at = now() WHERE id = $1 AND status <> 'duplicate' RETURNING *
       ), rebound AS (
         UPDATE attribution.customer_bindings b SET partner_id = $2, conversion_id = $3
           FROM duplicate d
          WHERE b.workspace_id = d.workspace_id AND b.mode = d.mode AND b.stripe_customer_id = d.stripe_customer_id AND b.conversion_id = d.id
         RETURNING 1
       )
       SELECT * FROM duplicate`,
      [id, standing.partnerId, standing.id],
    );
    return rows[0] ? conversionFromRow(rows[0]) : null;
  }

  async findSaleOfSubscription(subscriptionId: string): Promise<SaleOfSubscription | null> {
    const rows = await preparedQuery<{ partner_id: string; id: string; occurred_at: Date }>(
      this.db,
      `SELECT partner_id, id, occurred_at FROM attribution.conversions
        WHERE stripe_subscription_id = $3 AND workspace_id = $1 AND mode = $2 AND kind = 'initial' AND status = 'converted'
        ORDER BY occurred_at, id LIMIT 1`,
      [this.workspaceId, this.mode, subscriptionId],
    );
    return rows[0] ? { partnerId: rows[0].partner_id, conversionId: rows[0].id, occurredAt: rows[0].occurred_at } : null;
  }

  async findBinding(customerId: string): Promise<CustomerBinding | null> {
    const rows = await preparedQuery<Record<string, unknown>>(
      this.db,
      `SELECT partner_id, conversion_id, bound_from, stripe_subscription_id FROM attribution.customer_bindings
        WHERE workspace_id = $1 AND mode = $2 AND stripe_customer_id = $3`,
      [this.workspaceId, this.mode, customerId],
    );
    return rows[0] ? bindingFromRow(rows[0]) : null;
  }

  /** Binds a Stripe customer to a partner for renewals; true when this call made the (first, lasting) binding. */
  async bindCustomer(customerId: string, partnerId: string, conversionId: string, boundFrom: Date, subscriptionId: string | null): Promise<boolean> {
    const rows: unknown[] = await preparedQuery(
      this.db,
      `INSERT INTO attribution.customer_bindings (workspace_id, mode, stripe_customer_id, partner_id, conversion_id, bound_from, stripe_subscription_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING RETURNING stripe_customer_id`,
      [this.workspaceId, this.mode, customerId, partnerId, conversionId, boundFrom, subscriptionId],
    );
    return rows.length > 0;
  }

  async keepUnattributedInvoice(invoice: UnattributedInvoice): Promise<void> {
    await preparedQuery(
      this.db,
      `INSERT INTO attribution.unattributed_invoices (workspace_id, mode, stripe_invoice_id, stripe_customer_id, stripe_subscription_id,
         billing_reason, amount_cents, currency, occurred_at, source_event_id, received_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT DO NOTHING`,
      [this.workspaceId, this.mode, invoice.invoiceId, invoice.customerId, invoice.subscriptionId, invoice.billingReason,
        invoice.amountCents, invoice.currency, invoice.occurredAt, invoice.sourceEventId, invoice.receivedAt],
    );
  }

  async keepUnattributedSession(session: UnattributedCheckoutSession): Promise<void> {
    await preparedQuery(
      this.db,
      `INSERT INTO attribution.unattributed_checkout_sessions (workspace_id, mode, stripe_checkout_session_id, stripe_customer_id,
         stripe_subscription_id, stripe_invoice_id, amount_cents, currency, occurred_at, source_event_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING`,
      [this.workspaceId, this.mode, session.checkoutSessionId, session.customerId, session.subscriptionId, session.invoiceId,
        session.amountCents, session.currency, session.occurredAt, session.sourceEventId],
    );
  }

  async takeRenewalsOf(customerId: string, from: Date, claim: RenewalClaim): Promise<UnattributedInvoice[]> {
    const rows = await preparedQuery<Record<string, unknown>>(
      this.db,
      `DELETE FROM attribution.unattributed_invoices
        WHERE workspace_id = $1 AND mode = $2 AND stripe_customer_id = $3 AND occurred_at >= $4
          AND billing_reason IS DISTINCT FROM 'subscription_create'
          AND (stripe_subscription_id = $5 OR received_at < $6)
        RETURNING *`,
      [this.workspaceId, this.mode, customerId, from, claim.subscriptionId, claim.waitedBefore],
    );
    return rows.map(unattributedFromRow);
  }

  /**
   * Serialises work on a customer with every Stripe event of that customer (the key `claimEvent`
   * locks last), for paths that learn the customer only after their sale locks: a Conversion API
   * report of a Stripe sale, the sweep of one-off invoices.
   */
  async lockCustomer(customerId: string): Promise<void> {
    await this.lock([customerLockKey(this.workspaceId, this.mode, customerId)]);
  }

  /** The Stripe customer, and the session's invoice, of a sale kept unattributed (by its session or its invoice). */
  async findUnattributedSale(sale: { checkoutSessionId: string | null; invoiceId: string | null }): Promise<{ customerId: string | null; invoiceId: string | null }> {
    const rows = await preparedQuery<{ customer: string | null; invoice: string | null }>(
      this.db,
      `SELECT stripe_customer_id AS customer, stripe_invoice_id AS invoice FROM attribution.unattributed_checkout_sessions
        WHERE workspace_id = $1 AND mode = $2 AND (stripe_checkout_session_id = $3 OR stripe_invoice_id = $4)
       UNION ALL
       SELECT stripe_customer_id, stripe_invoice_id FROM attribution.unattributed_invoices WHERE workspace_id = $1 AND mode = $2 AND stripe_invoice_id = $4`,
      [this.workspaceId, this.mode, sale.checkoutSessionId, sale.invoiceId],
    );
    return { customerId: rows.find((r) => r.customer !== null)?.customer ?? null, invoiceId: rows.find((r) => r.invoice !== null)?.invoice ?? null };
  }

  /**
   * Removes and returns what Stripe events kept of one sale: its Checkout Session (named, or found by
   * its invoice) and its invoice (named, or the session's).
   */
  async takeUnattributedSale(sale: { checkoutSessionId: string | null; invoiceId: string | null }): Promise<UnattributedSale> {
    const sessions = await preparedQuery<Record<string, unknown>>(
      this.db,
      `DELETE FROM attribution.unattributed_checkout_sessions
        WHERE workspace_id = $1 AND mode = $2 AND (stripe_checkout_session_id = $3 OR stripe_invoice_id = $4)
        RETURNING *`,
      [this.workspaceId, this.mode, sale.checkoutSessionId, sale.invoiceId],
    );
    const session = sessions[0] ? unattributedSessionFromRow(sessions[0]) : null;
    const invoiceId = sale.invoiceId ?? session?.invoiceId ?? null;
    const invoice = invoiceId ? await this.dropUnattributedInvoice(invoiceId) : null;
    return { session, invoice };
  }

  /** A Checkout Session claims its first invoice if that invoice was kept unattributed. */
  async dropUnattributedInvoice(invoiceId: string): Promise<UnattributedInvoice | null> {
    const rows = await preparedQuery<Record<string, unknown>>(
      this.db,
      `DELETE FROM attribution.unattributed_invoices WHERE workspace_id = $1 AND mode = $2 AND stripe_invoice_id = $3 RETURNING *`,
      [this.workspaceId, this.mode, invoiceId],
    );
    return rows[0] ? unattributedFromRow(rows[0]) : null;
  }

  async enqueue(message: OutboxMessage): Promise<void> {
    await enqueueOutboxMessage(this.db, message);
    this.announcements.push(message);
  }
}

export function unattributedSessionFromRow(r: Record<string, unknown>): UnattributedCheckoutSession {
  return {
    checkoutSessionId: r.stripe_checkout_session_id as string,
    customerId: (r.stripe_customer_id as string | null) ?? null,
    subscriptionId: (r.stripe_subscription_id as string | null) ?? null,
    invoiceId: (r.stripe_invoice_id as string | null) ?? null,
    amountCents: Number(r.amount_cents),
    currency: (r.currency as string | null) ?? null,
    occurredAt: r.occurred_at as Date,
    sourceEventId: r.source_event_id as string,
  };
}

export function bindingFromRow(r: Record<string, unknown>): CustomerBinding {
  return {
    partnerId: r.partner_id as string,
    conversionId: r.conversion_id as string,
    boundFrom: new Date(r.bound_from as string | Date),
    subscriptionId: (r.stripe_subscription_id as string | null) ?? null,
  };
}

export function unattributedFromRow(r: Record<string, unknown>): UnattributedInvoice {
  return {
    invoiceId: r.stripe_invoice_id as string,
    customerId: (r.stripe_customer_id as string | null) ?? null,
    subscriptionId: (r.stripe_subscription_id as string | null) ?? null,
    billingReason: (r.billing_reason as string | null) ?? null,
    amountCents: Number(r.amount_cents),
    currency: (r.currency as string | null) ?? null,
    // A Date from a row, an ISO string from a row read as JSON (the group statement).
    occurredAt: new Date(r.occurred_at as string | Date),
    sourceEventId: r.source_event_id as string,
    receivedAt: new Date(r.received_at as string | Date),
  };
}

@Injectable()
export class AttributionStore {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(OutboxRelay) private readonly outbox: OutboxRelay,
  ) {}

  /** Runs `work` in a transaction; once it commits, what it wrote to the outbox is published at once. */
  async transaction<T>(workspaceId: string, mode: Mode, work: (tx: SqlAttributionTransaction) => Promise<T>): Promise<T> {
    let tx!: SqlAttributionTransaction;
    const result = await this.dataSource.transaction((manager) => work((tx = new SqlAttributionTransaction(manager, workspaceId, mode))));
    this.outbox.publishCommitted(tx.announcements);
    return result;
  }

  /**
   * Bound customers with kept invoices that arrived before `waitedBefore` and were paid from the
   * binding on: no sale of their own came while they waited, so the binding's partner takes them.
   * Only invoices still within their retention (from `keptFrom`) count.
   */
  async customersWithWaitedRenewals(waitedBefore: Date, keptFrom: Date, limit: number): Promise<Array<{ workspaceId: string; mode: Mode; customerId: string }>> {
    const rows = await preparedQuery<{ workspace_id: string; mode: Mode; stripe_customer_id: string }>(
      this.dataSource,
      `SELECT DISTINCT u.workspace_id, u.mode, u.stripe_customer_id FROM attribution.unattributed_invoices u
         JOIN attribution.customer_bindings b ON b.stripe_customer_id = u.stripe_customer_id AND b.workspace_id = u.workspace_id AND b.mode = u.mode
        WHERE u.stripe_customer_id IS NOT NULL AND u.received_at < $1 AND u.occurred_at >= $2 AND u.occurred_at >= b.bound_from
          AND u.billing_reason IS DISTINCT FROM 'subscription_create'
        LIMIT $3`,
      [waitedBefore, keptFrom, limit],
    );
    return rows.map((r) => ({ workspaceId: r.workspace_id, mode: r.mode, customerId: r.stripe_customer_id }));
  }

  async recordClick(click: { clickId: string; workspaceId: string; mode: Mode; partnerId: string; referralToken: string; clickedAt: Date; expiresAt: Date }): Promise<void> {
    await preparedQuery(this.dataSource, 
      `INSERT INTO attribution.clicks (click_id, workspace_id, mode, partner_id, referral_token, clicked_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (click_id) DO NOTHING`,
      [click.clickId, click.workspaceId, click.mode, click.partnerId, click.referralToken, click.clickedAt, click.expiresAt],
    );
  }

  /** The latest assignment wins; a replayed older one changes nothing. */
  async recordPromoCode(code: { workspaceId: string; mode: Mode; code: string; partnerId: string; assignedAt: Date }): Promise<void> {
    await preparedQuery(this.dataSource, 
      `INSERT INTO attribution.promo_codes (workspace_id, mode, code, partner_id, assigned_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (workspace_id, mode, code) DO UPDATE SET partner_id = EXCLUDED.partner_id, assigned_at = EXCLUDED.assigned_at
       WHERE attribution.promo_codes.assigned_at < EXCLUDED.assigned_at`,
      [code.workspaceId, code.mode, code.code, code.partnerId, code.assignedAt],
    );
  }
}
