import { ConflictException, Injectable } from '@nestjs/common';
import { findByIdOr404 } from '@app/platform';
import { Clock } from '../../clock';
import { CommissionRecord, derivedStatus } from '../../core/commission';
import { commissionEvent } from '../../store/commission-rows';
import { PayoutRecord } from '../../store/payouts.repository';
import { payoutEvent } from '../create-payouts/create-payouts.usecase';
import { SettlePayoutCommand } from './settle-payout.command';
import { CommissionsStore } from '../../store/commissions-store';

/**
 * Ends a draft payout: paid with the merchant's reference (its commissions are paid and never change
 * again), or cancelled (its commissions and adjustments are released for a later payout). Marking
 * paid again with the same reference answers the payout as it is.
 */
@Injectable()
export class SettlePayoutUseCase {
  constructor(
    private readonly store: CommissionsStore,
    private readonly clock: Clock,
  ) {}

  async execute(command: SettlePayoutCommand): Promise<PayoutRecord> {
    const { workspaceId, mode } = command;
    return this.store.run(async (db, announce) => {
      const payout = await findByIdOr404('payout', command.payoutId, mode, (id) => this.store.payouts.find(db, workspaceId, mode, id, true));
      if (command.action === 'mark_paid' && payout.status === 'paid' && payout.reference === command.reference) return payout;
      if (payout.status !== 'draft')
        throw new ConflictException(
          `Payout ${payout.id} is already ${payout.status}; only a draft payout can be ${command.action === 'cancel' ? 'cancelled' : 'marked paid'}`,
        );
      const now = this.clock.now();
      const locked = await this.store.commissions.inPayout(db, payout.id);
      let next: PayoutRecord;
      if (command.action === 'mark_paid') {
        next = { ...payout, status: 'paid', reference: command.reference!, paidAt: now };
        for (const c of locked) {
          const paid: CommissionRecord = { ...c, status: 'paid', paidAt: now, updatedAt: now };
          await this.store.commissions.update(db, paid);
          announce(commissionEvent('commission.updated', paid, now));
        }
        announce(payoutEvent('payout.paid', next, now));
      } else {
        next = { ...payout, status: 'cancelled', cancelledAt: now };
        await this.store.commissions.releaseAdjustments(db, payout.id);
        for (const c of locked) {
          // Back to its own amount: what changed while it was in the draft returns into the commission.
          await this.store.commissions.dropUnsettledAdjustments(db, c.id);
          const remaining = await this.store.commissions.adjustmentsSum(db, c.id);
          const released: CommissionRecord = { ...c, payoutId: null, adjustmentsCents: remaining, amountCents: c.earnedCents - remaining, updatedAt: now };
          if (c.status !== 'voided') released.status = derivedStatus(released);
          await this.store.commissions.update(db, released);
          announce(commissionEvent('commission.updated', released, now));
        }
      }
      await this.store.payouts.update(db, next);
      return next;
    });
  }
}
