import { Logger } from '@nestjs/common';
import { RetryLaterError } from '@app/messaging';
import type { AttributionStore } from '../attribution.store';
import type { AttributionConfig } from '../config';
import type { OutboxMessage, OutboxRelay } from '../outbox/outbox-relay';
import type { GroupWrites } from './group-commit/group-state';
import type { GroupStore } from './group-commit/group-store';
import { SaleArrival } from './reference-stream-progress';
import { ConcurrentSaleError } from './sale-recorder';
import { CLICKS, SignalInFlightError, SignalResolver } from './signal-resolver';
import { Decision, StripeEventCommand, StripeEventBatcher } from './stripe-event-batcher';

/** Unit test of the ledger's grouping with in-memory stand-ins for the database (the SQL is covered end to end). */
describe('StripeEventBatcher groups', () => {
  beforeAll(() => Logger.overrideLogger(false));

  const command = (eventId: string): StripeEventCommand => ({
    workspaceId: 'ws_1',
    mode: 'test',
    eventId,
    eventType: 'invoice.paid',
    eventCreatedAt: new Date('2026-01-01T00:00:00Z'),
    storedAt,
  });
  let storedAt = new Date();
  beforeEach(() => (storedAt = new Date()));
  const decided = (detail: string): Decision => ({ outcome: 'no_signal', conversionId: null, detail });

  function ledger() {
    const writes: GroupWrites[] = [];
    const groups = {
      transaction: (work: (db: unknown) => Promise<unknown>) => work({}),
      lockAndClaim: async (_db: unknown, _locks: string[], claims: Array<{ workspaceId: string; eventId: string }>) =>
        new Set(claims.map((c) => `${c.workspaceId}:${c.eventId}`)),
      load: async () => ({ conversions: [], bindings: [], clicks: [], promoCodes: [], unattributed: [] }),
      write: async (_db: unknown, w: GroupWrites) => void writes.push(w),
    } as unknown as GroupStore;
    const alone: string[] = [];
    const store = {
      transaction: (_ws: string, _mode: string, work: (tx: unknown) => Promise<unknown>) =>
        work({ claimEvent: async (e: { eventId: string }) => (alone.push(e.eventId), true), settleEvent: async () => undefined }),
    } as unknown as AttributionStore;
    const config = { ATTRIBUTION_GROUP_COMMIT_MAX: 32, SIGNAL_WAIT_MAX_SECONDS: 600 } as AttributionConfig;
    const published: OutboxMessage[][] = [];
    const relay = { publishCommitted: (messages: OutboxMessage[]) => void published.push(messages) } as unknown as OutboxRelay;
    const waits: string[] = [];
    // The clicks stream passes the sale's arrival unless a test says it does not.
    const passes = { value: true };
    const signals = { awaitStream: async (arrival: SaleArrival) => (waits.push(arrival.storedAt!.toISOString()), passes.value) } as unknown as SignalResolver;
    return { ledger: new StripeEventBatcher(store, groups, config, relay, signals), writes, alone, published, waits, passes };
  }

  it('decides the events handed over together as one group, written once', async () => {
    const { ledger: l, writes, alone } = ledger();
    const results = await Promise.all(['evt_1', 'evt_2', 'evt_3'].map((id) => l.process(command(id), null, {}, async () => decided(id), {})));
    expect(results.map((r) => r.detail)).toEqual(['evt_1', 'evt_2', 'evt_3']);
    expect(writes).toHaveLength(1);
    expect(writes[0].settledEvents.map((e) => e.eventId)).toEqual(['evt_1', 'evt_2', 'evt_3']);
    expect(alone).toEqual([]);
    expect(l.groupStats).toEqual({ committed: 1, rolledBack: 0 });
  });

  it('hands what a committed group wrote to the outbox to the relay, once, and nothing of a rolled-back group', async () => {
    const { ledger: l, published, passes } = ledger();
    passes.value = false;
    const announcement = (id: string): OutboxMessage => ({ subject: 'ns.conversion.created', msgId: `conversion.created:${id}`, payload: { id } });
    const outcomes = await Promise.allSettled(
      ['evt_1', 'evt_2', 'evt_3'].map((id) =>
        l.process(
          command(id),
          null,
          {},
          async (tx) => {
            if (id === 'evt_2') throw new SignalInFlightError(CLICKS, 'click 6f1c');
            await tx.enqueue(announcement(id));
            return decided(id);
          },
          {},
        ),
      ),
    );
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    // The first attempt enqueued evt_1 before evt_2 failed: rolled back, so never handed over.
    expect(published).toEqual([[announcement('evt_1'), announcement('evt_3')]]);
  });

  it('defers only the event that must wait; the rest of its group is decided again as a group', async () => {
    const { ledger: l, writes, alone, passes } = ledger();
    passes.value = false;
    const waiting = new SignalInFlightError(CLICKS, 'click 6f1c');
    const outcomes = await Promise.allSettled(
      ['evt_1', 'evt_2', 'evt_3'].map((id) =>
        l.process(
          command(id),
          null,
          {},
          async () => {
            if (id === 'evt_2') throw waiting;
            return decided(id);
          },
          {},
        ),
      ),
    );
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    // It waited apart, then went back to JetStream to be delivered again.
    expect((outcomes[1] as PromiseRejectedResult).reason).toBeInstanceOf(RetryLaterError);
    // The rolled-back group wrote nothing; the second one wrote the two others.
    expect(writes.map((w) => w.settledEvents.map((e) => e.eventId))).toEqual([['evt_1', 'evt_3']]);
    expect(alone).toEqual([]);
    expect(l.groupStats).toEqual({ committed: 1, rolledBack: 1 });
  });

  it('runs every event of a group alone in SQL when the group fails for any other reason', async () => {
    const { ledger: l, alone } = ledger();
    const results = await Promise.allSettled(
      ['evt_1', 'evt_2'].map((id) =>
        l.process(
          command(id),
          null,
          {},
          async (tx) => {
            // A read the event did not declare: the group cannot answer it; the SQL transaction can.
            if (!('claimEvent' in tx)) await tx.findBinding('cus_undeclared');
            return decided(id);
          },
          {},
        ),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
    expect(alone.sort()).toEqual(['evt_1', 'evt_2']);
    expect(l.groupStats).toEqual({ committed: 0, rolledBack: 1 });
  });

  it('waits for the clicks stream outside the transaction, then decides the event again knowing the stream is complete', async () => {
    const { ledger: l, alone, waits } = ledger();
    const seen: boolean[] = [];
    const results = await Promise.all(
      ['evt_1', 'evt_2'].map((id) =>
        l.process(
          command(id),
          null,
          {},
          async (_tx, complete) => {
            if (id === 'evt_2') {
              seen.push(complete.has(CLICKS.stream.name));
              if (!complete.has(CLICKS.stream.name)) throw new SignalInFlightError(CLICKS, 'click 6f1c');
              return { outcome: 'unknown_click', conversionId: null, detail: 'no click 6f1c' };
            }
            return decided(id);
          },
          {},
        ),
      ),
    );
    expect(results.map((r) => r.outcome)).toEqual(['no_signal', 'unknown_click']);
    expect(seen).toEqual([false, true]);
    expect(waits).toEqual([storedAt.toISOString()]);
    // evt_1 was decided again without evt_2 (alone, being the only one left), and evt_2 came back after its wait.
    expect(alone).toEqual(['evt_1', 'evt_2']);
  });

  it('hands an event back to JetStream when the stream has not passed its arrival in time', async () => {
    const { ledger: l, passes } = ledger();
    passes.value = false;
    const outcome = l.process(
      command('evt_1'),
      null,
      {},
      async () => {
        throw new SignalInFlightError(CLICKS, 'click 6f1c');
      },
      {},
    );
    await expect(outcome).rejects.toBeInstanceOf(RetryLaterError);
  });

  it('decides again, alone, an event whose sale a concurrent transaction recorded first', async () => {
    const { ledger: l, alone } = ledger();
    let attempts = 0;
    const result = await l.process(
      command('evt_1'),
      null,
      {},
      async () => {
        attempts++;
        if (attempts === 1) throw new ConcurrentSaleError('checkout session cs_1');
        return { outcome: 'already_counted', conversionId: 'c1', detail: 'reported through the Conversion API' };
      },
      {},
    );
    expect(result).toMatchObject({ outcome: 'already_counted', conversionId: 'c1' });
    // Claimed twice: the first transaction, rolled back, and the second, which committed.
    expect(alone).toEqual(['evt_1', 'evt_1']);
    expect(attempts).toBe(2);
  });

  it('stops waiting for a stream that has held the sale back longer than SIGNAL_WAIT_MAX_SECONDS, and decides it', async () => {
    const { ledger: l, passes } = ledger();
    passes.value = false;
    storedAt = new Date(Date.now() - 601_000);
    const seen: boolean[] = [];
    const result = await l.process(
      command('evt_1'),
      null,
      {},
      async (_tx, complete) => {
        seen.push(complete.has(CLICKS.stream.name));
        if (!complete.has(CLICKS.stream.name)) throw new SignalInFlightError(CLICKS, 'click 6f1c');
        return { outcome: 'unknown_click', conversionId: null, detail: 'no click 6f1c' };
      },
      {},
    );
    expect(result.outcome).toBe('unknown_click');
    expect(seen).toEqual([false, true]);
  });
});
