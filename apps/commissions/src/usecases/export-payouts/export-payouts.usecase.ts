import { Injectable } from '@nestjs/common';
import type { Mode } from '@app/domain';
import { findByIdOr404 } from '@app/platform';
import { payoutsCsv } from './payouts-csv';
import { CommissionsStore } from '../../store/commissions-store';

/** A payout batch as CSV for mass payment: one row per partner (cancelled payouts left out). */
@Injectable()
export class ExportPayoutsUseCase {
  constructor(private readonly store: CommissionsStore) {}

  async execute(workspaceId: string, mode: Mode, batchId: string): Promise<string> {
    const db = this.store.db;
    const batch = await findByIdOr404('payout batch', batchId, mode, (id) => this.store.payouts.batch(db, workspaceId, mode, id));
    const payouts = (await this.store.payouts.ofBatch(db, batch.id)).filter((p) => p.status !== 'cancelled');
    const partners = await this.store.partners.find(
      db,
      workspaceId,
      mode,
      payouts.map((p) => p.partnerId),
    );
    return payoutsCsv(
      payouts.map((p) => ({
        partnerId: p.partnerId,
        // A partner tracking has not announced yet has no name here: the id still identifies them.
        name: partners.get(p.partnerId)?.name ?? '',
        // The partner's payout email, when they gave one, is where they want the money.
        email: partners.get(p.partnerId)?.payoutEmail ?? partners.get(p.partnerId)?.email ?? '',
        reference: partners.get(p.partnerId)?.payoutReference ?? '',
        amountCents: p.amountCents,
        currency: p.currency,
        periodStart: p.periodStart,
        periodEnd: p.periodEnd,
        count: p.lineCount,
        status: p.status,
      })),
    );
  }
}
