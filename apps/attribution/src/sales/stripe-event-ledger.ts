import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Mode, StripeEventOutcome } from '@app/domain';
import { AttributionStore, AttributionTransaction } from '../attribution.store';

/** What every Stripe event command carries. */
export interface StripeEventCommand {
  workspaceId: string;
  mode: Mode;
  eventId: string;
  eventType: string;
  /** When Stripe created the event: the moment of the sale, for windows and renewals. */
  eventCreatedAt: Date;
  /** How often this event has been delivered; bounds how long we wait for something in flight. */
  deliveryCount: number;
}

export interface Decision {
  outcome: StripeEventOutcome;
  conversionId: string | null;
  detail: string | null;
}

export type LedgerResult = Decision | { outcome: 'already_processed'; conversionId: null; detail: null };

/**
 * Runs one Stripe event's decision exactly once: inside one transaction that first claims the
 * event in the ledger (a redelivery, or another replica, finds it claimed and does nothing) and
 * last records the outcome. The transaction holds the customer's lock throughout.
 */
@Injectable()
export class StripeEventLedger {
  private readonly logger = new Logger('Attribution');

  constructor(@Inject(AttributionStore) private readonly store: AttributionStore) {}

  async process(command: StripeEventCommand, customerId: string | null, decide: (tx: AttributionTransaction) => Promise<Decision>, logContext: Record<string, unknown>): Promise<LedgerResult> {
    const result = await this.store.transaction(command.workspaceId, command.mode, async (tx): Promise<LedgerResult> => {
      if (customerId) await tx.lockCustomer(customerId);
      const claimed = await tx.claimEvent({ eventId: command.eventId, type: command.eventType, stripeCreatedAt: command.eventCreatedAt });
      if (!claimed) return { outcome: 'already_processed', conversionId: null, detail: null };
      const decision = await decide(tx);
      await tx.settleEvent(command.eventId, decision.outcome, decision.detail, decision.conversionId);
      return decision;
    });
    this.logger.log({
      msg: 'stripe event processed',
      event_id: command.eventId,
      type: command.eventType,
      workspace_id: command.workspaceId,
      mode: command.mode,
      ...logContext,
      outcome: result.outcome,
      conversion_id: result.conversionId,
    });
    return result;
  }
}
