import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Mode } from '@app/domain';
import { preparedQuery } from '@app/persistence';
import { OutboxRelay } from './outbox/outbox-relay';
import { PaymentLink } from './money-back/money-back';
import { linkPayments, resolveSaleIds, SqlAttributionTransaction } from './sql-attribution-transaction';

/** Opens attribution's SQL transactions, and the reads that span accounts (the sweep of waited renewals). */
@Injectable()
export class AttributionStore {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxRelay,
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
  async customersWithWaitedRenewals(
    waitedBefore: Date,
    keptFrom: Date,
    limit: number,
  ): Promise<Array<{ workspaceId: string; mode: Mode; customerId: string }>> {
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

  /** Links written outside any transaction: a link is a fact, the same whenever it is written (see ApplyMoneyBackUseCase). */
  async linkPayments(workspaceId: string, mode: Mode, links: PaymentLink[]): Promise<void> {
    await linkPayments(this.dataSource, workspaceId, mode, links);
  }

  async resolveSaleIds(workspaceId: string, mode: Mode, paymentIds: string[]): Promise<string[]> {
    return resolveSaleIds(this.dataSource, workspaceId, mode, paymentIds);
  }

  /**
   * Kept refunds and disputes whose sale is now counted (a conversion has one of the ids their payments
   * lead to), among those due a look (`check_after`). Those still without a sale are looked at again
   * later, the wait doubling from `firstWaitMs` up to `maxWaitMs`: a sale that comes seconds after its
   * refund is found within seconds, and the many refunds of sales nobody referred cost little.
   */
  async keptMoneyBackWithSale(
    limit: number,
    firstWaitMs: number,
    maxWaitMs: number,
  ): Promise<Array<{ workspaceId: string; mode: Mode; eventId: string; paymentIds: string[] }>> {
    const rows = await preparedQuery<{ workspace_id: string; mode: Mode; event_id: string; payment_ids: string[]; matched: boolean }>(
      this.dataSource,
      `WITH due AS (
         SELECT k.workspace_id, k.mode, k.event_id, k.payment_ids, k.checks FROM attribution.kept_money_back k
          WHERE k.check_after <= now() ORDER BY k.check_after LIMIT $1 FOR UPDATE SKIP LOCKED
       ), looked AS (
         SELECT due.*, EXISTS (
           WITH RECURSIVE ids(id) AS (
             SELECT unnest(due.payment_ids)
             UNION
             SELECT l.sale_id FROM attribution.payment_links l JOIN ids ON l.payment_id = ids.id WHERE l.workspace_id = due.workspace_id AND l.mode = due.mode
           )
           SELECT 1 FROM ids WHERE
             EXISTS (SELECT 1 FROM attribution.conversions c WHERE c.workspace_id = due.workspace_id AND c.mode = due.mode AND c.stripe_checkout_session_id = ids.id)
             OR EXISTS (SELECT 1 FROM attribution.conversions c WHERE c.workspace_id = due.workspace_id AND c.mode = due.mode AND c.stripe_invoice_id = ids.id)
         ) AS matched FROM due
       ), rescheduled AS (
         UPDATE attribution.kept_money_back k
            SET checks = k.checks + 1,
                check_after = now() + make_interval(secs => LEAST($3::float8, $2::float8 * power(2, LEAST(k.checks, 30))) / 1000)
           FROM looked WHERE NOT looked.matched AND k.workspace_id = looked.workspace_id AND k.event_id = looked.event_id
       )
       SELECT workspace_id, mode, event_id, payment_ids, matched FROM looked`,
      [limit, firstWaitMs, maxWaitMs],
    );
    return rows.filter((r) => r.matched).map((r) => ({ workspaceId: r.workspace_id, mode: r.mode, eventId: r.event_id, paymentIds: r.payment_ids }));
  }

  /** Kept refunds and disputes that arrived before `before`: their wait for a sale is over. */
  async keptMoneyBackWaitedBefore(before: Date, limit: number): Promise<Array<{ workspaceId: string; mode: Mode; eventId: string }>> {
    const rows = await preparedQuery<{ workspace_id: string; mode: Mode; event_id: string }>(
      this.dataSource,
      `SELECT workspace_id, mode, event_id FROM attribution.kept_money_back WHERE received_at < $1 ORDER BY received_at LIMIT $2`,
      [before, limit],
    );
    return rows.map((r) => ({ workspaceId: r.workspace_id, mode: r.mode, eventId: r.event_id }));
  }
}
