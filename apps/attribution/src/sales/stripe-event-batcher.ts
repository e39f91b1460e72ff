import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Mode, StripeEventOutcome } from '@app/domain';
import { RetryLaterError } from '@app/messaging';
import { AttributionTransaction } from '../attribution-transaction';
import { AttributionStore } from '../attribution.store';
import { customerLockKey, saleLockKey } from '../sale-locks';
import { SqlAttributionTransaction } from '../sql-attribution-transaction';
import { ATTRIBUTION_CONFIG, AttributionConfig } from '../config';
import { OutboxMessage, OutboxRelay } from '../outbox/outbox-relay';
import { GroupKeys, GroupState } from './group-commit/group-state';
import { GroupStore } from './group-commit/group-store';
import { unattributedInvoicesKeptFrom } from '../retention/unattributed-invoice-window';
import { ConcurrentSaleError } from './sale-recorder';
import { SaleArrival } from './reference-stream-progress';
import { CompleteStreams, SignalInFlightError, SignalResolver } from './signal-resolver';

/** How long one delivery of a sale waits, in memory, for a reference stream to pass its arrival. */
const STREAM_WAIT_MS = 2_000;
/** Then it is handed back to JetStream and comes again after this long. */
const STREAM_RETRY_DELAY_MS = 1_000;
/** A sale that lost a unique key to a concurrent transaction is decided again: attempts in all. */
const MAX_CONCURRENT_SALE_ATTEMPTS = 3;

/** What every Stripe event command carries. */
export interface StripeEventCommand {
  workspaceId: string;
  mode: Mode;
  eventId: string;
  eventType: string;
  /** When Stripe created the event: the moment of the sale, for windows and renewals. */
  eventCreatedAt: Date;
  /** When JetStream stored the event: a click made before the sale was stored before it. */
  storedAt: Date;
}

export interface Decision {
  outcome: StripeEventOutcome;
  conversionId: string | null;
  detail: string | null;
}

export type LedgerResult = Decision | { outcome: 'already_processed'; conversionId: null; detail: null };

/** `complete`: the reference streams known to hold nothing more for this sale (see SignalResolver). */
type Decide = (tx: AttributionTransaction, complete: CompleteStreams) => Promise<Decision>;

/** The rows an event's decision may read, besides its customer's: see GroupKeys. */
export type ReadKeys = Partial<Pick<GroupKeys, 'checkoutSessionIds' | 'invoiceIds' | 'clickIds' | 'promoCodes'>>;

interface Queued {
  command: StripeEventCommand;
  customerId: string | null;
  reads: ReadKeys;
  decide: Decide;
  arrival: SaleArrival;
  complete: Set<string>;
  resolve: (result: LedgerResult) => void;
  reject: (err: unknown) => void;
}

/**
 * Runs each Stripe event's decision exactly once: inside a transaction that first claims the event
 * in the ledger (a redelivery, or another replica, finds it claimed and does nothing) and last
 * records the outcome, holding the locks of its sale and its customer throughout (see lockOrder).
 *
 * Events arriving together are decided as a group (group commit): a statement's round trip costs
 * more CPU, in Node and in PostgreSQL, than the work it carries, and one event alone takes five to
 * seven of them. A group takes its locks and claims its events in one statement, reads every row its
 * decisions may ask for in a second, decides each event in delivery order against those rows in
 * memory (`GroupState`, the same rules through the same interface), and writes everything back in
 * a third, checking each count. If an event must wait for a click or promo code still on its way,
 * the group is rolled back, that event waits apart (outside any transaction) and the others are
 * decided again as a group. If anything else differs (a decision asks for a row that was not read,
 * another replica's write, a deadlock), the group is rolled back and each event runs again alone in
 * a SQL transaction, the reference behaviour, so one event's trouble is only ever its own.
 */
@Injectable()
export class StripeEventBatcher {
  private readonly logger = new Logger('Attribution');
  private readonly queue: Queued[] = [];
  /** Groups committed, and groups rolled back to run their events alone (for tests and diagnosis). */
  readonly groupStats = { committed: 0, rolledBack: 0 };
  private scheduled = false;

  constructor(
    private readonly store: AttributionStore,
    private readonly groups: GroupStore,
    @Inject(ATTRIBUTION_CONFIG) private readonly config: AttributionConfig,
    private readonly outbox: OutboxRelay,
    private readonly signals: SignalResolver,
  ) {}

  async process(
    command: StripeEventCommand,
    customerId: string | null,
    reads: ReadKeys,
    decide: Decide,
    logContext: Record<string, unknown>,
  ): Promise<LedgerResult> {
    const result = await new Promise<LedgerResult>((resolve, reject) => {
      this.enqueue({ command, customerId, reads, decide, arrival: new SaleArrival(command.storedAt), complete: new Set(), resolve, reject });
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

  private enqueue(item: Queued): void {
    this.queue.push(item);
    this.schedule();
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
    // One customer's events side by side, in delivery order.
    group.sort((a, b) => compareLockKeys(lockKey(a), lockKey(b)));
    let results: LedgerResult[];
    let announcements: OutboxMessage[] = [];
    try {
      results = await this.groups.transaction(async (db) => {
        // One order of locks for every transaction, on every replica (see lockOrder): none can deadlock another.
        const saleKeys = group.flatMap(({ command: c, reads }) => saleIdsOf(reads).map((id) => saleLockKey(c.workspaceId, c.mode, id)));
        const lockKeys = [...[...new Set(saleKeys)].sort(), ...new Set(group.map(lockKey).filter((k): k is string => k !== null))];
        const claimed = await this.groups.lockAndClaim(
          db,
          lockKeys,
          group.map(({ command: c }) => ({
            workspaceId: c.workspaceId,
            mode: c.mode,
            eventId: c.eventId,
            type: c.eventType,
            stripeCreatedAt: c.eventCreatedAt,
          })),
        );
        const keys = readKeysOf(group.filter((item) => claimed.has(claimKey(item))));
        const keptFrom = unattributedInvoicesKeptFrom(this.config.UNATTRIBUTED_INVOICE_RETENTION_DAYS);
        const state = new GroupState(keys, await this.groups.load(db, keys, keptFrom));
        const out: LedgerResult[] = [];
        for (const item of group) {
          // A second copy of an event within the group is claimed once, like a redelivery.
          if (!claimed.delete(claimKey(item))) {
            out.push({ outcome: 'already_processed', conversionId: null, detail: null });
            continue;
          }
          const decision = await item.decide(state.transaction(item.command.workspaceId, item.command.mode), item.complete).catch((err: unknown) => {
            throw new GroupMemberError(item, err);
          });
          state.settleEvent(item.command.workspaceId, item.command.eventId, decision.outcome, decision.detail, decision.conversionId);
          out.push(decision);
        }
        const writes = state.writes();
        await this.groups.write(db, writes);
        announcements = writes.outbox;
        return out;
      });
    } catch (err) {
      this.groupStats.rolledBack++;
      if (err instanceof GroupMemberError && err.cause instanceof SignalInFlightError) {
        // One event has to wait (a click still on its way): it waits apart, and the others are decided
        // again as a group, rather than every event of the group running alone. Its decision threw
        // before the group wrote anything, so this is what the SQL path would do too.
        void this.awaitStream(err.item, err.cause);
        void this.runGroup(group.filter((item) => item !== err.item));
        return;
      }
      // Routine (a row not read for the group, a concurrent replica): debug.
      this.logger.debug?.({ msg: 'group rolled back; its events run alone', events: group.length, reason: err instanceof Error ? err.message : String(err) });
      for (const item of group) void this.runAlone(item);
      return;
    }
    this.groupStats.committed++;
    this.outbox.publishCommitted(announcements);
    group.forEach((item, i) => item.resolve(results[i]));
  }

  private async runAlone(item: Queued): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        return item.resolve(await this.store.transaction(item.command.workspaceId, item.command.mode, (tx) => this.claimDecideSettle(tx, item)));
      } catch (err) {
        if (err instanceof SignalInFlightError) return this.awaitStream(item, err);
        // The transaction that won the sale has committed by now: deciding again reads its row.
        if (err instanceof ConcurrentSaleError && attempt < MAX_CONCURRENT_SALE_ATTEMPTS) continue;
        return item.reject(err);
      }
    }
  }

  /**
   * Outside any transaction: waits until the stream that may carry the missing click or promo code
   * has passed the sale's arrival, then decides the sale again knowing that stream is complete; if
   * the stream has not got there within STREAM_WAIT_MS, JetStream redelivers the event later.
   */
  private async awaitStream(item: Queued, inFlight: SignalInFlightError): Promise<void> {
    try {
      const passed = await this.signals.awaitStream(item.arrival, inFlight.reference, STREAM_WAIT_MS);
      const waitedMs = Date.now() - item.command.storedAt.getTime();
      if (!passed && waitedMs < this.config.SIGNAL_WAIT_MAX_SECONDS * 1000) return item.reject(new RetryLaterError(inFlight.message, STREAM_RETRY_DELAY_MS));
      if (!passed) {
        // Something our copy cannot take holds the stream back (a message failing for good and never
        // dead-lettered): the sale is decided rather than held for ever, and an operator is told.
        this.logger.warn({
          msg: 'stopped waiting for a reference stream',
          event_id: item.command.eventId,
          stream: inFlight.reference.stream.name,
          waited_ms: waitedMs,
        });
      }
      item.complete.add(inFlight.reference.stream.name);
      this.enqueue(item);
    } catch (err) {
      item.reject(err);
    }
  }

  private async claimDecideSettle(tx: SqlAttributionTransaction, { command, customerId, reads, decide, complete }: Queued): Promise<LedgerResult> {
    const event = { eventId: command.eventId, type: command.eventType, stripeCreatedAt: command.eventCreatedAt };
    const claimed = await tx.claimEvent(event, customerId, saleIdsOf(reads));
    if (!claimed) return { outcome: 'already_processed', conversionId: null, detail: null };
    const decision = await decide(tx, complete);
    await tx.settleEvent(command.eventId, decision.outcome, decision.detail, decision.conversionId);
    return decision;
  }
}

/** A decision of the group failed: which event, and why. */
class GroupMemberError extends Error {
  constructor(
    readonly item: Queued,
    override readonly cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
}

function claimKey(item: Queued): string {
  return `${item.command.workspaceId}:${item.command.eventId}`;
}

/** The keys a group reads, per account: each event's customer and the ids its decision may look up. */
function readKeysOf(items: Queued[]): GroupKeys[] {
  const accounts = new Map<string, GroupKeys>();
  for (const { command, customerId, reads } of items) {
    const id = `${command.workspaceId}:${command.mode}`;
    let k = accounts.get(id);
    if (!k)
      accounts.set(
        id,
        (k = { workspaceId: command.workspaceId, mode: command.mode, customerIds: [], checkoutSessionIds: [], invoiceIds: [], clickIds: [], promoCodes: [] }),
      );
    if (customerId) k.customerIds.push(customerId);
    k.checkoutSessionIds.push(...(reads.checkoutSessionIds ?? []));
    k.invoiceIds.push(...(reads.invoiceIds ?? []));
    k.clickIds.push(...(reads.clickIds ?? []));
    k.promoCodes.push(...(reads.promoCodes ?? []));
  }
  return [...accounts.values()];
}

/** The key of the customer lock an event takes (null: none), as `claimEvent` builds it. */
function lockKey(item: Queued): string | null {
  return item.customerId === null ? null : customerLockKey(item.command.workspaceId, item.command.mode, item.customerId);
}

/** The Stripe objects of the sale an event names: it locks them, so a Conversion API report of that sale waits for it. */
function saleIdsOf(reads: ReadKeys): string[] {
  return [...(reads.checkoutSessionIds ?? []), ...(reads.invoiceIds ?? [])];
}

/** Events without a customer last; a stable sort keeps one customer's events in delivery order. */
function compareLockKeys(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}
