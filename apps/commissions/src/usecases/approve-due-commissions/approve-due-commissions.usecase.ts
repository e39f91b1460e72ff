import { EntityManager } from 'typeorm';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { PeriodicSweep, sweepOrWarn } from '@app/platform';
import { Clock } from '../../clock';
import { CommissionRecord, derivedStatus, isSelfReferral, ReviewReason } from '../../core/commission';
import { COMMISSIONS_CONFIG, CommissionsConfig } from '../../config';
import { commissionEvent } from '../../store/commission-rows';
import { CommissionsStore } from '../../store/commissions-store';

const BATCH = 200;
/** Longer than the CONVERSIONS stream keeps a message (30 days). */
const INBOX_KEEP_MS = 35 * 86_400_000;

/**
 * Ends the hold of pending commissions whose hold period is over: approved, or held `in_review`
 * when they look like fraud (a self-referral; a partner refunded above the threshold in that
 * currency). Runs on a timer on every replica (rows are shared with SKIP LOCKED); `execute(now)` is
 * what the tests call after moving the clock.
 */
@Injectable()
export class ApproveDueCommissionsUseCase extends PeriodicSweep<void> {
  private readonly logger = new Logger(ApproveDueCommissionsUseCase.name);
  constructor(
    private readonly store: CommissionsStore,
    private readonly clock: Clock,
    @Inject(COMMISSIONS_CONFIG) private readonly config: CommissionsConfig,
  ) {
    super();
  }

  protected sweepIntervalMs(): number {
    return this.config.COMMISSIONS_SWEEP_INTERVAL_MS;
  }

  protected sweepOnce(): Promise<void> {
    return sweepOrWarn(this.logger, 'approval sweep failed; will retry', async () => {
      await this.execute();
      // The real time, not the clock tests move: a message is kept in the stream by the real time.
      await this.store.inbox.forgetBefore(this.store.db, new Date(Date.now() - INBOX_KEEP_MS));
    });
  }

  /** Returns how many commissions left `pending`. */
  async execute(now: Date = this.clock.now()): Promise<number> {
    let total = 0;
    for (;;) {
      const done = await this.store.run(async (db, announce) => {
        const due = await this.store.commissions.dueForApproval(db, now, BATCH);
        for (const c of due) {
          const reason = await this.reviewReason(db, c);
          const next: CommissionRecord = reason ? { ...c, reviewReason: reason, updatedAt: now } : { ...c, approvedAt: now, updatedAt: now };
          next.status = derivedStatus(next);
          await this.store.commissions.update(db, next);
          announce(commissionEvent('commission.updated', next, now));
        }
        return due.length;
      });
      total += done;
      if (done < BATCH) return total;
    }
  }

  private async reviewReason(db: EntityManager, c: CommissionRecord): Promise<ReviewReason | null> {
    // Already decided by the merchant (approved after a review): not asked again.
    if (c.reviewedAt !== null) return null;
    const conversion = await this.store.conversions.find(db, c.workspaceId, c.mode, c.conversionId);
    const partner = (await this.store.partners.find(db, c.workspaceId, c.mode, [c.partnerId])).get(c.partnerId);
    // Checked again here, not only when the commission was made: the partner's email may have come later.
    if (conversion && isSelfReferral(conversion.customer_email, partner?.email ?? null)) return 'self_referral';
    const rate = await this.store.commissions.refundRateBps(db, c.workspaceId, c.mode, c.partnerId, c.currency);
    if (rate !== null && rate > this.config.COMMISSIONS_REVIEW_REFUND_RATE_BPS) return 'high_refund_rate';
    return null;
  }
}
