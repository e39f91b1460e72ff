import { EntityManager } from 'typeorm';
import { ConversionStatus, Mode, StripeEventOutcome } from '@app/domain';
import { KeptMoneyBack, keptMoneyBackRows } from './money-back/kept-money-back';
import { MoneyBackState, PaymentLink } from './money-back/money-back';
import { preparedQuery, RowMapping } from '@app/persistence';
import {
  AttributionTransaction,
  bindingRows,
  ClaimedEvent,
  clickRows,
  CustomerBinding,
  KnownClick,
  RenewalClaim,
  SaleOfSubscription,
  StoredBinding,
  StripeSaleIds,
} from './attribution-transaction';
import { ConversionRecord, conversionFromRow, conversionRows } from './conversions/conversion-record';
import { enqueueOutboxMessage, OutboxMessage } from './outbox/outbox-relay';
import { customerLockKey, lockOrder } from './sale-locks';
import { UnattributedCheckoutSession, UnattributedInvoice, unattributedInvoiceRows, UnattributedSale, unattributedSessionRows } from './unattributed-sales';

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
    await preparedQuery(
      this.db,
      `UPDATE attribution.stripe_events SET outcome = $3, detail = $4, conversion_id = $5, processed_at = now()
        WHERE workspace_id = $1 AND event_id = $2`,
      [this.workspaceId, eventId, outcome, detail, conversionId],
    );
  }

  async findClicks(clickIds: string[]): Promise<Map<string, KnownClick>> {
    if (clickIds.length === 0) return new Map();
    const rows = await preparedQuery<Record<string, unknown>>(
      this.db,
      `SELECT ${clickRows.columnList} FROM attribution.clicks WHERE workspace_id = $1 AND mode = $2 AND click_id = ANY($3::uuid[])`,
      [this.workspaceId, this.mode, clickIds],
    );
    return new Map(
      rows.map((r) => {
        const { clickId, partnerId, referralToken, clickedAt, expiresAt } = clickRows.fromRow(r);
        return [clickId, { clickId, partnerId, referralToken, clickedAt, expiresAt }];
      }),
    );
  }

  async findPromoCodePartner(code: string): Promise<string | null> {
    const rows: Array<{ partner_id: string }> = await preparedQuery(
      this.db,
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
    const rows: Record<string, unknown>[] = await preparedQuery(
      this.db,
      `WITH inserted AS (
         INSERT INTO attribution.conversions (${conversionRows.columnList})
         VALUES (${conversionRows.placeholders()})
         ON CONFLICT DO NOTHING
         RETURNING *
       ), announced AS (
         INSERT INTO attribution.outbox (subject, msg_id, payload) SELECT $${conversionRows.columns.length + 1}, $${conversionRows.columns.length + 2},
           $${conversionRows.columns.length + 3} FROM inserted
       )
       SELECT * FROM inserted`,
      [...conversionRows.values(c), announcement.subject, announcement.msgId, JSON.stringify(announcement.payload)],
    );
    if (!rows[0]) return null;
    this.announcements.push(announcement);
    return conversionFromRow(rows[0]);
  }

  /**
   * The conversion of a sale, by its Checkout Session or its invoice. Two lookups, each matching
   * its unique index exactly: an OR of the two lets the planner walk every conversion of the
   * workspace instead.
   */
  async findConversionFor(sale: { checkoutSessionId?: string | null; invoiceId?: string | null }): Promise<ConversionRecord | null> {
    const by = async (column: 'stripe_checkout_session_id' | 'stripe_invoice_id', value: string | null | undefined) => {
      if (!value) return null;
      const rows: Record<string, unknown>[] = await preparedQuery(
        this.db,
        `SELECT * FROM attribution.conversions WHERE workspace_id = $1 AND mode = $2 AND ${column} = $3 FOR UPDATE`,
        [this.workspaceId, this.mode, value],
      );
      return rows[0] ? conversionFromRow(rows[0]) : null;
    };
    return (await by('stripe_checkout_session_id', sale.checkoutSessionId)) ?? (await by('stripe_invoice_id', sale.invoiceId));
  }

  /** The conversion a Conversion API call with this `external_transaction_id` created. */
  async findConversionByExternalId(externalTransactionId: string): Promise<ConversionRecord | null> {
    const rows: Record<string, unknown>[] = await preparedQuery(
      this.db,
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
    const rows: unknown[] = await preparedQuery(
      this.db,
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
    const rows = await preparedQuery<Record<string, unknown>>(
      this.db,
      `UPDATE attribution.conversions SET status = $2, updated_at = now() WHERE id = $1 AND status = 'pending' RETURNING *`,
      [id, status],
    );
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
    const rows = await preparedQuery<{ partner_id: string; id: string; occurred_at: Date; referral_token: string | null }>(
      this.db,
      `SELECT partner_id, id, occurred_at, referral_token FROM attribution.conversions
        WHERE stripe_subscription_id = $3 AND workspace_id = $1 AND mode = $2 AND kind = 'initial' AND status = 'converted'
        ORDER BY occurred_at, id LIMIT 1`,
      [this.workspaceId, this.mode, subscriptionId],
    );
    const sale = rows[0];
    return sale ? { partnerId: sale.partner_id, conversionId: sale.id, occurredAt: sale.occurred_at, referralToken: sale.referral_token } : null;
  }

  async findBinding(customerId: string): Promise<CustomerBinding | null> {
    const rows = await preparedQuery<Record<string, unknown>>(
      this.db,
      `SELECT ${bindingRows.columnList} FROM attribution.customer_bindings WHERE workspace_id = $1 AND mode = $2 AND stripe_customer_id = $3`,
      [this.workspaceId, this.mode, customerId],
    );
    if (!rows[0]) return null;
    const { partnerId, conversionId, boundFrom, subscriptionId, referralToken } = bindingRows.fromRow(rows[0]);
    return { partnerId, conversionId, boundFrom, subscriptionId, referralToken };
  }

  async bindCustomer(customerId: string, binding: CustomerBinding): Promise<boolean> {
    const stored: StoredBinding = { ...binding, workspaceId: this.workspaceId, mode: this.mode, customerId };
    const rows: unknown[] = await preparedQuery(
      this.db,
      `INSERT INTO attribution.customer_bindings (${bindingRows.columnList}) VALUES (${bindingRows.placeholders()})
       ON CONFLICT DO NOTHING RETURNING stripe_customer_id`,
      bindingRows.values(stored),
    );
    return rows.length > 0;
  }

  async keepUnattributedInvoice(invoice: UnattributedInvoice): Promise<void> {
    await this.keep('unattributed_invoices', unattributedInvoiceRows, invoice);
  }

  async keepUnattributedSession(session: UnattributedCheckoutSession): Promise<void> {
    await this.keep('unattributed_checkout_sessions', unattributedSessionRows, session);
  }

  /** Keeps what a Stripe event named that credited no partner, for a later binding or report of the same sale. */
  private async keep<T>(table: 'unattributed_invoices' | 'unattributed_checkout_sessions', rows: RowMapping<T>, record: T): Promise<void> {
    await preparedQuery(
      this.db,
      `INSERT INTO attribution.${table} (workspace_id, mode, ${rows.columnList}) VALUES ($1, $2, ${rows.placeholders(3)}) ON CONFLICT DO NOTHING`,
      [this.workspaceId, this.mode, ...rows.values(record)],
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
    return rows.map((r) => unattributedInvoiceRows.fromRow(r));
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
  async findUnattributedSale(sale: {
    checkoutSessionId: string | null;
    invoiceId: string | null;
  }): Promise<{ customerId: string | null; invoiceId: string | null }> {
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
    const session = sessions[0] ? unattributedSessionRows.fromRow(sessions[0]) : null;
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
    return rows[0] ? unattributedInvoiceRows.fromRow(rows[0]) : null;
  }

  async enqueue(message: OutboxMessage): Promise<void> {
    await enqueueOutboxMessage(this.db, message);
    this.announcements.push(message);
  }

  /** Records what Stripe told us links payments to sales; the same link again changes nothing. */
  async linkPayments(links: PaymentLink[]): Promise<void> {
    await linkPayments(this.db, this.workspaceId, this.mode, links);
  }

  /** Every id the payments lead to through their links (see `resolveSaleIds`). */
  async resolveSaleIds(paymentIds: string[]): Promise<string[]> {
    return resolveSaleIds(this.db, this.workspaceId, this.mode, paymentIds);
  }

  /**
   * The conversion that stands for the sale of these ids (Checkout Sessions and invoices), locked
   * until the transaction ends: one not marked duplicate when there is one (a sale counted twice
   * stands as its earlier conversion), the earliest otherwise.
   */
  async findStandingConversion(ids: string[]): Promise<ConversionRecord | null> {
    if (ids.length === 0) return null;
    const rows = await preparedQuery<Record<string, unknown>>(
      this.db,
      // Each branch matches its unique index; an OR of the two would walk every conversion of the workspace.
      `SELECT * FROM attribution.conversions WHERE id IN (
         SELECT id FROM attribution.conversions WHERE workspace_id = $1 AND mode = $2 AND stripe_checkout_session_id = ANY($3::text[])
         UNION
         SELECT id FROM attribution.conversions WHERE workspace_id = $1 AND mode = $2 AND stripe_invoice_id = ANY($3::text[]))
       ORDER BY created_at, id
       FOR UPDATE`,
      [this.workspaceId, this.mode, ids],
    );
    const found = rows.map(conversionFromRow);
    return found.find((c) => c.status !== 'duplicate') ?? found[0] ?? null;
  }

  /** The conversion a Conversion API call reported, locked until the transaction ends. */
  async lockConversionByExternalId(externalTransactionId: string): Promise<ConversionRecord | null> {
    const rows: Record<string, unknown>[] = await preparedQuery(
      this.db,
      `SELECT * FROM attribution.conversions WHERE external_transaction_id = $1 AND workspace_id = $2 AND mode = $3 FOR UPDATE`,
      [externalTransactionId, this.workspaceId, this.mode],
    );
    return rows[0] ? conversionFromRow(rows[0]) : null;
  }

  /** Stores a conversion's money coming back (merged by the caller under the row's lock). */
  async setMoneyBack(id: string, state: MoneyBackState): Promise<ConversionRecord> {
    const rows = await preparedQuery<Record<string, unknown>>(
      this.db,
      `UPDATE attribution.conversions SET refunded_amount_cents = $2, dispute_status = $3, updated_at = now() WHERE id = $1 RETURNING *`,
      [id, state.refundedAmountCents, state.disputeStatus],
    );
    return conversionFromRow(rows[0]);
  }

  async keepMoneyBack(kept: KeptMoneyBack): Promise<void> {
    await preparedQuery(
      this.db,
      `INSERT INTO attribution.kept_money_back (workspace_id, mode, ${keptMoneyBackRows.columnList}) VALUES ($1, $2, ${keptMoneyBackRows.placeholders(3)})
       ON CONFLICT DO NOTHING`,
      [this.workspaceId, this.mode, ...keptMoneyBackRows.values(kept)],
    );
  }

  /** Removes and returns the kept events naming any of these ids (those of one sale, found now). */
  async takeKeptMoneyBackOf(ids: string[]): Promise<KeptMoneyBack[]> {
    if (ids.length === 0) return [];
    const rows = await preparedQuery<Record<string, unknown>>(
      this.db,
      `DELETE FROM attribution.kept_money_back WHERE payment_ids && $3::text[] AND workspace_id = $1 AND mode = $2 RETURNING *`,
      [this.workspaceId, this.mode, ids],
    );
    return rows.map((r) => keptMoneyBackRows.fromRow(r));
  }

  /** Removes and returns a kept event; null when another transaction (a replica's sweep) took it first. */
  async takeKeptMoneyBack(eventId: string): Promise<KeptMoneyBack | null> {
    const rows = await preparedQuery<Record<string, unknown>>(
      this.db,
      `DELETE FROM attribution.kept_money_back WHERE workspace_id = $1 AND event_id = $2 RETURNING *`,
      [this.workspaceId, eventId],
    );
    return rows[0] ? keptMoneyBackRows.fromRow(rows[0]) : null;
  }
}

type Queryable = Parameters<typeof preparedQuery>[0];

export async function linkPayments(db: Queryable, workspaceId: string, mode: Mode, links: PaymentLink[]): Promise<void> {
  if (links.length === 0) return;
  await preparedQuery(
    db,
    `INSERT INTO attribution.payment_links (workspace_id, mode, payment_id, sale_id)
     SELECT $1, $2, p, s FROM unnest($3::text[], $4::text[]) AS l(p, s)
     ON CONFLICT DO NOTHING`,
    [workspaceId, mode, links.map((l) => l.paymentId), links.map((l) => l.saleId)],
  );
}

/**
 * The payments' ids and every id their links lead to, link after link: a PaymentIntent to its
 * invoice (InvoicePayment), that invoice to its Checkout Session. The ids include the sale's
 * Checkout Session and invoice, whichever event told us of them.
 */
export async function resolveSaleIds(db: Queryable, workspaceId: string, mode: Mode, paymentIds: string[]): Promise<string[]> {
  if (paymentIds.length === 0) return [];
  const rows = await preparedQuery<{ id: string }>(
    db,
    `WITH RECURSIVE ids(id) AS (
       SELECT unnest($3::text[])
       UNION
       SELECT l.sale_id FROM attribution.payment_links l JOIN ids ON l.payment_id = ids.id WHERE l.workspace_id = $1 AND l.mode = $2
     )
     SELECT id FROM ids LIMIT 100`,
    [workspaceId, mode, paymentIds],
  );
  return rows.map((r) => r.id);
}
