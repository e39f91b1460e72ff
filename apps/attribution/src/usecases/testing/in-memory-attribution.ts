import type { Mode } from '@app/domain';
import type { NatsClient } from '@app/messaging';
import type { AttributionTransaction } from '../../attribution-transaction';
import type { AttributionStore } from '../../attribution.store';
import type { AttributionConfig } from '../../config';
import { GroupKeys, GroupRows, GroupState, GroupWrites } from '../../sales/group-commit/group-state';
import type { ReferenceStreamProgress } from '../../sales/reference-stream-progress';
import { SaleRecorder } from '../../sales/sale-recorder';
import { CLICKS, PROMO_CODES, SignalResolver } from '../../sales/signal-resolver';
import type { LedgerResult, ReadKeys, StripeEventBatcher, StripeEventCommand } from '../../sales/stripe-event-batcher';

export const WORKSPACE = 'ws_unit';
/** The partner the specs' clicks and bindings name. */
export const PARTNER = '7c1e2f3a-0000-4000-8000-000000000001';
/** Customer cus_1 of WORKSPACE's test mode, bound to PARTNER by its subscription sub_1's sale on 2026-01-01. */
export const BOUND_CUSTOMER: GroupRows['bindings'][number] = {
  workspaceId: WORKSPACE,
  mode: 'test',
  customerId: 'cus_1',
  partnerId: PARTNER,
  conversionId: 'conv_1',
  boundFrom: new Date('2026-01-01T00:00:00Z'),
  subscriptionId: 'sub_1',
  referralToken: 'ada-spring',
};

/**
 * The attribution use cases' collaborators over the in-memory transaction (`GroupState`, the group
 * commit's implementation of AttributionTransaction), so a rule is tested without PostgreSQL or
 * NATS. The events of a test are decided one after the other against one state, as one group over
 * a backlog: a later event sees what an earlier one wrote. The reference streams count as complete.
 * `reads` names everything the test's events may read (the state refuses anything else, as a group
 * does); `writes()` is what the decisions would store.
 */
export function inMemoryAttribution(options: { rows?: Partial<GroupRows>; reads: Omit<GroupKeys, 'workspaceId' | 'mode'> }) {
  const rows: GroupRows = { conversions: [], bindings: [], clicks: [], promoCodes: [], unattributed: [], ...options.rows };
  const state = new GroupState([{ workspaceId: WORKSPACE, mode: 'test', ...options.reads }], rows);
  const complete = new Set([CLICKS.stream.name, PROMO_CODES.stream.name]);

  const batcher = {
    async process(
      command: StripeEventCommand,
      _customerId: string | null,
      _reads: ReadKeys,
      decide: Parameters<StripeEventBatcher['process']>[3],
    ): Promise<LedgerResult> {
      const decision = await decide(state.transaction(command.workspaceId, command.mode), complete);
      state.settleEvent(command.workspaceId, command.eventId, decision.outcome, decision.detail, decision.conversionId);
      return decision;
    },
  } as unknown as StripeEventBatcher;

  const nats = { subject: (s: string) => `unit.${s}` } as unknown as NatsClient;
  const config = { OWN_SALE_WAIT_SECONDS: 600, UNATTRIBUTED_INVOICE_RETENTION_DAYS: 400 } as AttributionConfig;
  // A transaction of its own, as the sweep of waited renewals takes one per customer: the state is one
  // process's, so there is no customer's lock to take.
  const store = {
    transaction: (workspaceId: string, mode: Mode, work: (tx: AttributionTransaction & { lockCustomer(customerId: string): Promise<void> }) => unknown) =>
      work(Object.assign(state.transaction(workspaceId, mode), { lockCustomer: async () => undefined })),
  } as unknown as AttributionStore;
  return {
    batcher,
    store,
    sales: new SaleRecorder(nats, config),
    // The streams are complete, so the resolver never waits on its progress.
    signals: new SignalResolver({} as ReferenceStreamProgress),
    writes: (): GroupWrites => state.writes(),
  };
}
