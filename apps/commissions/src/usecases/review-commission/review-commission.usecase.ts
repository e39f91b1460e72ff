import { ConflictException, Injectable } from '@nestjs/common';
import { findByIdOr404 } from '@app/platform';
import { Clock } from '../../clock';
import { CommissionRecord, derivedStatus } from '../../core/commission';
import { commissionEvent } from '../../store/commission-rows';
import { ReviewCommissionCommand } from './review-commission.command';
import { CommissionsStore } from '../../store/commissions-store';

/**
 * The merchant's decision on one commission: approve it early (or after a review hold), or void it
 * with a reason. A commission in a payout, paid, reversed or voided is not decided again.
 */
@Injectable()
export class ReviewCommissionUseCase {
  constructor(
    private readonly store: CommissionsStore,
    private readonly clock: Clock,
  ) {}

  async execute(command: ReviewCommissionCommand): Promise<CommissionRecord> {
    const { workspaceId, mode } = command;
    return this.store.run(async (db, announce) => {
      const c = await findByIdOr404('commission', command.commissionId, mode, (id) => this.store.commissions.find(db, workspaceId, mode, id, true));
      if (c.payoutId !== null) {
        throw new ConflictException(
          `Commission ${c.id} is in payout ${c.payoutId} (${c.status}): ${c.status === 'paid' ? 'a paid commission never changes' : 'cancel the payout first'}`,
        );
      }
      if (c.status === 'voided' || c.status === 'reversed') throw new ConflictException(`Commission ${c.id} is already ${c.status}`);
      const now = this.clock.now();
      let next: CommissionRecord;
      if (command.decision === 'void') {
        next = { ...c, status: 'voided', voidedAt: now, voidReason: command.reason!, updatedAt: now };
      } else {
        if (c.status === 'on_hold') throw new ConflictException(`Commission ${c.id} is on hold while its sale's dispute is open; decide once it closes`);
        if (c.status === 'approved') return c;
        next = { ...c, approvedAt: now, reviewedAt: c.reviewReason ? now : c.reviewedAt, updatedAt: now };
        next.status = derivedStatus(next);
      }
      await this.store.commissions.update(db, next);
      announce(commissionEvent('commission.updated', next, now));
      return next;
    });
  }
}
