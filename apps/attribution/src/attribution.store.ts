import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Mode } from '@app/domain';
import { preparedQuery } from '@app/persistence';
import { OutboxRelay } from './outbox/outbox-relay';
import { SqlAttributionTransaction } from './sql-attribution-transaction';

/** Opens attribution's SQL transactions, and the reads that span accounts (the sweep of waited renewals). */
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
}
