import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Mode, StripeEventOutcome } from '@app/domain';
import { AttributionStore, AttributionTransaction } from '../attribution.store';
import { ATTRIBUTION_CONFIG, AttributionConfig } from '../config';

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

type Decide = (tx: AttributionTransaction) => Promise<Decision>;

interface Queued {
  command: StripeEventCommand;
  customerId: string | null;
  decide: Decide;
  resolve: (result: LedgerResult) => void;
  reject: (err: unknown) => void;
}

/**
 * Runs each Stripe event's decision exactly once: inside a transaction that first claims the event
 * in the ledger (a redelivery, or another replica, finds it claimed and does nothing) and last
 * records the outcome, holding the customer's lock throughout.
 *
 * Events arriving together share one transaction (group commit): on this kind of machine every
 * statement's round trip is the cost, and a shared BEGIN/COMMIT saves two per event. Each event is
 * still claimed, decided and settled on its own; if any event of a group fails (a click still in
 * flight, a deadlock), the group is rolled back and each event runs again in a transaction of its
 * own, so one event's failure is only ever its own.
 */
@Injectable()
export class StripeEventLedger {
  private readonly logger = new Logger('Attribution');
  private readonly queue: Queued[] = [];
  private scheduled = false;

  constructor(
    @Inject(AttributionStore) private readonly store: AttributionStore,
    @Inject(ATTRIBUTION_CONFIG) private readonly config: AttributionConfig,
  ) {}

  async process(command: StripeEventCommand, customerId: string | null, decide: Decide, logContext: Record<string, unknown>): Promise<LedgerResult> {
    const result = await new Promise<LedgerResult>((resolve, reject) => {
      this.queue.push({ command, customerId, decide, resolve, reject });
      this.schedule();
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

  /** After the events handed over in this turn of the event loop have joined the queue. */
  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      while (this.queue.length > 0) void this.runGroup(this.queue.splice(0, this.config.ATTRIBUTION_GROUP_COMMIT_MAX));
    });
  }

  private async runGroup(group: Queued[]): Promise<void> {
    if (group.length === 1) return this.runAlone(group[0]);
    // One order of customer locks for every group, on every replica: groups cannot deadlock.
    group.sort((a, b) => compareLockKeys(lockKey(a), lockKey(b)));
    let results: LedgerResult[];
    try {
      results = await this.store.sharedTransaction(async (scope) => {
        const out: LedgerResult[] = [];
        for (const item of group) out.push(await this.claimDecideSettle(scope(item.command.workspaceId, item.command.mode), item));
        return out;
      });
    } catch {
      for (const item of group) void this.runAlone(item);
      return;
    }
    group.forEach((item, i) => item.resolve(results[i]));
  }

  private async runAlone(item: Queued): Promise<void> {
    try {
      item.resolve(await this.store.transaction(item.command.workspaceId, item.command.mode, (tx) => this.claimDecideSettle(tx, item)));
    } catch (err) {
      item.reject(err);
    }
  }

  private async claimDecideSettle(tx: AttributionTransaction, { command, customerId, decide }: Queued): Promise<LedgerResult> {
    const claimed = await tx.claimEvent({ eventId: command.eventId, type: command.eventType, stripeCreatedAt: command.eventCreatedAt }, customerId);
    if (!claimed) return { outcome: 'already_processed', conversionId: null, detail: null };
    const decision = await decide(tx);
    await tx.settleEvent(command.eventId, decision.outcome, decision.detail, decision.conversionId);
    return decision;
  }
}

/** The key of the customer lock an event takes (null: none), as `claimEvent` builds it. */
function lockKey(item: Queued): string | null {
  return item.customerId === null ? null : `${item.command.workspaceId}:${item.command.mode}:${item.customerId}`;
}

/** Events without a customer last; a stable sort keeps one customer's events in delivery order. */
function compareLockKeys(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}
