import { Injectable } from '@nestjs/common';
import { sweepOrWarn } from '@app/platform';
import { moneyBackWaitMs } from '../../config';
import { isSaleId } from '../../money-back/money-back';
import { lockOrder } from '../../sale-locks';
import { SaleWaitSweep } from '../../sales/sale-wait-sweep';
import { isLinkOnly, moneyBackApplied } from '../apply-money-back/apply-money-back.usecase';

const EVENTS_PER_SWEEP = 500;
/** A kept event whose sale is still unknown is looked at less and less often, at least this often. */
const MAX_CHECK_WAIT_MS = 10 * 60_000;

/**
 * Kept refunds and disputes (ApplyMoneyBackUseCase) are applied once their sale is known: a later
 * sale, a later link from its invoice to its PaymentIntent, a kept invoice claimed as a renewal, a
 * Conversion API report of the sale. Whichever came last, the result is the one of any other order,
 * because the merge rule is. Those still unmatched when their wait ends (MONEY_BACK_WAIT_SECONDS)
 * are recorded `no_sale`. Each kept event is removed as it is settled, under its sale's locks.
 */
@Injectable()
export class ApplyKeptMoneyBackUseCase extends SaleWaitSweep<{ applied: number; closed: number }> {
  protected sweepIntervalMs(): number {
    return this.config.MONEY_BACK_SWEEP_INTERVAL_MS;
  }

  /** One sweep; a sweep still running is joined, not doubled. */
  execute(): Promise<{ applied: number; closed: number }> {
    return this.sweepNow();
  }

  protected async sweepOnce(): Promise<{ applied: number; closed: number }> {
    let applied = 0;
    let closed = 0;
    // On a failure the events are still kept: the next sweep tries again.
    await sweepOrWarn(this.logger, 'sweep of kept refunds and disputes failed', async () => {
      const due = await this.store.keptMoneyBackWithSale(EVENTS_PER_SWEEP, this.config.MONEY_BACK_SWEEP_INTERVAL_MS, MAX_CHECK_WAIT_MS);
      for (const kept of due) if (await this.apply(kept)) applied++;
      const waitedBefore = new Date(Date.now() - moneyBackWaitMs(this.config));
      for (const kept of await this.store.keptMoneyBackWaitedBefore(waitedBefore, EVENTS_PER_SWEEP)) if (await this.close(kept)) closed++;
      if (applied + closed > 0) this.logger.log({ msg: 'kept refunds and disputes settled', applied, no_sale: closed });
    });
    return { applied, closed };
  }

  private async apply({ workspaceId, mode, eventId, paymentIds }: { workspaceId: string; mode: 'test' | 'live'; eventId: string; paymentIds: string[] }) {
    const ids = (await this.store.resolveSaleIds(workspaceId, mode, paymentIds)).filter(isSaleId);
    return this.store.transaction(workspaceId, mode, async (tx) => {
      // The locks its sale's events take (lockOrder), so a sale decided right now is seen whole.
      await tx.lock(lockOrder(workspaceId, mode, ids, null));
      const conversion = await tx.findStandingConversion(ids);
      if (!conversion) return false;
      const kept = await tx.takeKeptMoneyBack(eventId);
      if (!kept) return false;
      const change = { refundedAmountCents: kept.refundedAmountCents, disputeStatus: kept.disputeStatus };
      const what = `kept since ${kept.receivedAt.toISOString()}, its sale is now known`;
      const decision = moneyBackApplied(await this.sales.applyMoneyBack(tx, conversion, change), what, isLinkOnly(change));
      await tx.settleEvent(eventId, decision.outcome, decision.detail, decision.conversionId);
      return true;
    });
  }

  private async close({ workspaceId, mode, eventId }: { workspaceId: string; mode: 'test' | 'live'; eventId: string }) {
    return this.store.transaction(workspaceId, mode, async (tx) => {
      const kept = await tx.takeKeptMoneyBack(eventId);
      if (!kept) return false;
      const detail = `no attributed sale of ${kept.paymentIds.join(' / ')} came while it waited (from ${kept.receivedAt.toISOString()})`;
      await tx.settleEvent(eventId, 'no_sale', detail, null);
      return true;
    });
  }
}
