import { ConversionStatus, Mode, StripeEventOutcome } from '@app/domain';
import type { AttributionTransaction, CustomerBinding, KnownClick, RenewalClaim, SaleOfSubscription } from '../../attribution-transaction';
import type { UnattributedCheckoutSession, UnattributedInvoice } from '../../unattributed-sales';
import type { ConversionRecord } from '../../conversions/conversion-record';
import type { OutboxMessage } from '../../outbox/outbox-relay';

/** What a group of events may read: every key any of its decisions can ask for, per account. */
export interface GroupKeys {
  workspaceId: string;
  mode: Mode;
  customerIds: string[];
  checkoutSessionIds: string[];
  invoiceIds: string[];
  clickIds: string[];
  promoCodes: string[];
}

/** The rows read for a group, as the SQL transaction would have read them one statement at a time. */
export interface GroupRows {
  conversions: ConversionRecord[];
  bindings: Array<CustomerBinding & { workspaceId: string; mode: Mode; customerId: string }>;
  clicks: Array<KnownClick & { workspaceId: string; mode: Mode }>;
  promoCodes: Array<{ workspaceId: string; mode: Mode; code: string; partnerId: string }>;
  unattributed: Array<UnattributedInvoice & { workspaceId: string; mode: Mode }>;
}

/** What the group changed, written back by one statement; each count is checked against the database's. */
export interface GroupWrites {
  newConversions: ConversionRecord[];
  settledConversions: Array<{ id: string; status: ConversionStatus }>;
  newBindings: Array<CustomerBinding & { workspaceId: string; mode: Mode; customerId: string }>;
  keptInvoices: Array<UnattributedInvoice & { workspaceId: string; mode: Mode }>;
  /** Inserted if absent and never read by a group, so their count is not checked. */
  keptSessions: Array<UnattributedCheckoutSession & { workspaceId: string; mode: Mode }>;
  /** By customer as well as invoice: the write's plan (made once) then probes exactly by either index. */
  takenInvoices: Array<{ workspaceId: string; mode: Mode; customerId: string | null; invoiceId: string }>;
  settledEvents: Array<{ workspaceId: string; eventId: string; outcome: StripeEventOutcome; detail: string | null; conversionId: string | null }>;
  outbox: OutboxMessage[];
}

/**
 * A decision asked for a row the group did not read: the group cannot answer it faithfully, so it
 * is rolled back and its events run one by one through the SQL transaction.
 */
export class NotReadForGroupError extends Error {}

const key = (workspaceId: string, mode: Mode, id: string) => `${workspaceId}\u0000${mode}\u0000${id}`;

/**
 * The group's rows in memory, changed by its decisions in delivery order exactly as the SQL
 * statements would change them (the same uniqueness, the same filters), so each decision sees its
 * predecessors' work. Only rows whose keys were read can be answered for; anything else throws
 * NotReadForGroupError. Inserts whose uniqueness cannot be known here are checked by the database
 * when the group is written (ON CONFLICT counts), and a difference rolls the group back.
 */
export class GroupState {
  private readonly read = {
    customers: new Set<string>(),
    sessions: new Set<string>(),
    invoices: new Set<string>(),
    clicks: new Set<string>(),
    promoCodes: new Set<string>(),
  };
  private readonly conversionsBySession = new Map<string, ConversionRecord>();
  private readonly conversionsByInvoice = new Map<string, ConversionRecord>();
  private readonly conversionsById = new Map<string, ConversionRecord>();
  private readonly bindings = new Map<string, CustomerBinding>();
  private readonly clicks = new Map<string, KnownClick & { workspaceId: string; mode: Mode }>();
  private readonly promoCodes = new Map<string, string>();
  /** Unattributed invoices by account and invoice id, with whether the database has the row. */
  private readonly unattributed = new Map<string, { row: UnattributedInvoice & { workspaceId: string; mode: Mode }; stored: boolean; present: boolean }>();

  private readonly newConversions = new Map<string, ConversionRecord>();
  private readonly settledConversions = new Map<string, ConversionStatus>();
  private readonly newBindings: GroupWrites['newBindings'] = [];
  private readonly keptSessions: GroupWrites['keptSessions'] = [];
  private readonly settledEvents = new Map<string, GroupWrites['settledEvents'][number]>();
  private readonly outbox: OutboxMessage[] = [];

  constructor(keys: GroupKeys[], rows: GroupRows) {
    for (const k of keys) {
      k.customerIds.forEach((id) => this.read.customers.add(key(k.workspaceId, k.mode, id)));
      k.checkoutSessionIds.forEach((id) => this.read.sessions.add(key(k.workspaceId, k.mode, id)));
      k.invoiceIds.forEach((id) => this.read.invoices.add(key(k.workspaceId, k.mode, id)));
      k.clickIds.forEach((id) => this.read.clicks.add(key(k.workspaceId, k.mode, id)));
      k.promoCodes.forEach((code) => this.read.promoCodes.add(key(k.workspaceId, k.mode, code)));
    }
    for (const c of rows.conversions) this.index(c);
    for (const b of rows.bindings) {
      this.bindings.set(key(b.workspaceId, b.mode, b.customerId), {
        partnerId: b.partnerId,
        conversionId: b.conversionId,
        boundFrom: b.boundFrom,
        subscriptionId: b.subscriptionId,
        referralToken: b.referralToken,
      });
    }
    for (const c of rows.clicks) this.clicks.set(key(c.workspaceId, c.mode, c.clickId), c);
    for (const p of rows.promoCodes) this.promoCodes.set(key(p.workspaceId, p.mode, p.code), p.partnerId);
    for (const u of rows.unattributed) this.unattributed.set(key(u.workspaceId, u.mode, u.invoiceId), { row: u, stored: true, present: true });
  }

  /** The view one event's decision works through. */
  transaction(workspaceId: string, mode: Mode): AttributionTransaction {
    return new GroupTransaction(this, workspaceId, mode);
  }

  writes(): GroupWrites {
    const unattributed = [...this.unattributed.values()];
    return {
      newConversions: [...this.newConversions.values()],
      settledConversions: [...this.settledConversions].map(([id, status]) => ({ id, status })),
      newBindings: this.newBindings,
      keptInvoices: unattributed.filter((u) => u.present && !u.stored).map((u) => u.row),
      keptSessions: this.keptSessions,
      takenInvoices: unattributed
        .filter((u) => !u.present && u.stored)
        .map((u) => ({ workspaceId: u.row.workspaceId, mode: u.row.mode, customerId: u.row.customerId, invoiceId: u.row.invoiceId })),
      settledEvents: [...this.settledEvents.values()],
      outbox: this.outbox,
    };
  }

  private index(c: ConversionRecord): void {
    this.conversionsById.set(c.id, c);
    if (c.stripeCheckoutSessionId) this.conversionsBySession.set(key(c.workspaceId, c.mode, c.stripeCheckoutSessionId), c);
    if (c.stripeInvoiceId) this.conversionsByInvoice.set(key(c.workspaceId, c.mode, c.stripeInvoiceId), c);
  }

  private require(set: Set<string>, k: string, what: string): void {
    if (!set.has(k)) throw new NotReadForGroupError(`${what} was not read for the group`);
  }

  // The operations of AttributionTransaction, for one account.

  settleEvent(workspaceId: string, eventId: string, outcome: StripeEventOutcome, detail: string | null, conversionId: string | null): void {
    // Later settles of one event replace earlier ones, as successive UPDATEs would.
    this.settledEvents.set(`${workspaceId}\u0000${eventId}`, { workspaceId, eventId, outcome, detail, conversionId });
  }

  findClicks(workspaceId: string, mode: Mode, clickIds: string[]): Map<string, KnownClick> {
    const found = new Map<string, KnownClick>();
    for (const id of clickIds) {
      this.require(this.read.clicks, key(workspaceId, mode, id), `click ${id}`);
      const click = this.clicks.get(key(workspaceId, mode, id));
      if (click) {
        found.set(id, {
          clickId: click.clickId,
          partnerId: click.partnerId,
          referralToken: click.referralToken,
          clickedAt: click.clickedAt,
          expiresAt: click.expiresAt,
        });
      }
    }
    return found;
  }

  findPromoCodePartner(workspaceId: string, mode: Mode, code: string): string | null {
    this.require(this.read.promoCodes, key(workspaceId, mode, code), `promo code ${code}`);
    return this.promoCodes.get(key(workspaceId, mode, code)) ?? null;
  }

  insertConversion(c: ConversionRecord, announcement: OutboxMessage): ConversionRecord | null {
    const bySession = c.stripeCheckoutSessionId ? key(c.workspaceId, c.mode, c.stripeCheckoutSessionId) : null;
    const byInvoice = c.stripeInvoiceId ? key(c.workspaceId, c.mode, c.stripeInvoiceId) : null;
    // Keys not read here (an older invoice claimed as a renewal) are checked by the database on write.
    if (bySession && this.conversionsBySession.has(bySession)) return null;
    if (byInvoice && this.conversionsByInvoice.has(byInvoice)) return null;
    if (c.externalTransactionId !== null) throw new NotReadForGroupError('Conversion API sales are not decided in groups');
    this.index(c);
    this.newConversions.set(c.id, c);
    this.outbox.push(announcement);
    return c;
  }

  findConversionFor(workspaceId: string, mode: Mode, sale: { checkoutSessionId?: string | null; invoiceId?: string | null }): ConversionRecord | null {
    if (sale.checkoutSessionId) {
      const k = key(workspaceId, mode, sale.checkoutSessionId);
      this.require(this.read.sessions, k, `checkout session ${sale.checkoutSessionId}`);
      const found = this.conversionsBySession.get(k);
      if (found) return found;
    }
    if (sale.invoiceId) {
      const k = key(workspaceId, mode, sale.invoiceId);
      this.require(this.read.invoices, k, `invoice ${sale.invoiceId}`);
      return this.conversionsByInvoice.get(k) ?? null;
    }
    return null;
  }

  settlePendingConversion(id: string, status: ConversionStatus): ConversionRecord | null {
    const current = this.conversionsById.get(id);
    if (!current) throw new NotReadForGroupError(`conversion ${id} was not read for the group`);
    if (current.status !== 'pending') return null;
    const settled: ConversionRecord = { ...current, status };
    this.index(settled);
    if (this.newConversions.has(id)) this.newConversions.set(id, settled);
    else this.settledConversions.set(id, status);
    return settled;
  }

  findBinding(workspaceId: string, mode: Mode, customerId: string): CustomerBinding | null {
    const k = key(workspaceId, mode, customerId);
    this.require(this.read.customers, k, `customer ${customerId}`);
    return this.bindings.get(k) ?? null;
  }

  bindCustomer(workspaceId: string, mode: Mode, customerId: string, binding: CustomerBinding): boolean {
    const k = key(workspaceId, mode, customerId);
    this.require(this.read.customers, k, `customer ${customerId}`);
    if (this.bindings.has(k)) return false;
    this.bindings.set(k, binding);
    this.newBindings.push({ ...binding, workspaceId, mode, customerId });
    return true;
  }

  keepUnattributedInvoice(workspaceId: string, mode: Mode, invoice: UnattributedInvoice): void {
    const k = key(workspaceId, mode, invoice.invoiceId);
    this.require(this.read.invoices, k, `invoice ${invoice.invoiceId}`);
    const entry = this.unattributed.get(k);
    if (entry?.present) return; // ON CONFLICT DO NOTHING
    if (entry) entry.present = true;
    else this.unattributed.set(k, { row: { ...invoice, workspaceId, mode }, stored: false, present: true });
  }

  keepUnattributedSession(workspaceId: string, mode: Mode, session: UnattributedCheckoutSession): void {
    this.keptSessions.push({ ...session, workspaceId, mode });
  }

  takeRenewalsOf(workspaceId: string, mode: Mode, customerId: string, from: Date, claim: RenewalClaim): UnattributedInvoice[] {
    this.require(this.read.customers, key(workspaceId, mode, customerId), `customer ${customerId}`);
    const taken: UnattributedInvoice[] = [];
    for (const entry of this.unattributed.values()) {
      const u = entry.row;
      if (!entry.present || u.workspaceId !== workspaceId || u.mode !== mode || u.customerId !== customerId) continue;
      if (u.occurredAt < from || u.billingReason === 'subscription_create') continue;
      if (!(claim.subscriptionId !== null && u.subscriptionId === claim.subscriptionId) && !(u.receivedAt < claim.waitedBefore)) continue;
      entry.present = false;
      taken.push(strip(u));
    }
    return taken;
  }

  dropUnattributedInvoice(workspaceId: string, mode: Mode, invoiceId: string): UnattributedInvoice | null {
    const k = key(workspaceId, mode, invoiceId);
    this.require(this.read.invoices, k, `invoice ${invoiceId}`);
    const entry = this.unattributed.get(k);
    if (!entry?.present) return null;
    entry.present = false;
    return strip(entry.row);
  }

  enqueue(message: OutboxMessage): void {
    this.outbox.push(message);
  }
}

function strip({ workspaceId: _w, mode: _m, ...invoice }: UnattributedInvoice & { workspaceId: string; mode: Mode }): UnattributedInvoice {
  return invoice;
}

/** One account's view of the group's state, with the SQL transaction's interface. */
class GroupTransaction implements AttributionTransaction {
  constructor(
    private readonly state: GroupState,
    readonly workspaceId: string,
    readonly mode: Mode,
  ) {}

  async settleEvent(eventId: string, outcome: StripeEventOutcome, detail: string | null, conversionId: string | null): Promise<void> {
    this.state.settleEvent(this.workspaceId, eventId, outcome, detail, conversionId);
  }
  async findClicks(clickIds: string[]): Promise<Map<string, KnownClick>> {
    return this.state.findClicks(this.workspaceId, this.mode, clickIds);
  }
  async findPromoCodePartner(code: string): Promise<string | null> {
    return this.state.findPromoCodePartner(this.workspaceId, this.mode, code);
  }
  async insertConversion(c: ConversionRecord, announcement: OutboxMessage): Promise<ConversionRecord | null> {
    return this.state.insertConversion(c, announcement);
  }
  async findConversionFor(sale: { checkoutSessionId?: string | null; invoiceId?: string | null }): Promise<ConversionRecord | null> {
    return this.state.findConversionFor(this.workspaceId, this.mode, sale);
  }
  async findConversionByExternalId(): Promise<ConversionRecord | null> {
    throw new NotReadForGroupError('Conversion API lookups are not made in groups');
  }
  async existsInOtherMode(): Promise<boolean> {
    throw new NotReadForGroupError('Conversion API lookups are not made in groups');
  }
  async settlePendingConversion(id: string, status: ConversionStatus): Promise<ConversionRecord | null> {
    return this.state.settlePendingConversion(id, status);
  }
  async completeStripeIds(): Promise<ConversionRecord | null> {
    throw new NotReadForGroupError('a conversion learns the Stripe ids it lacks alone');
  }
  async markDuplicate(): Promise<ConversionRecord | null> {
    throw new NotReadForGroupError('a sale counted by two paths is settled alone');
  }
  async findSaleOfSubscription(): Promise<SaleOfSubscription | null> {
    throw new NotReadForGroupError('sales are found by subscription alone');
  }
  async findBinding(customerId: string): Promise<CustomerBinding | null> {
    return this.state.findBinding(this.workspaceId, this.mode, customerId);
  }
  async bindCustomer(customerId: string, binding: CustomerBinding): Promise<boolean> {
    return this.state.bindCustomer(this.workspaceId, this.mode, customerId, binding);
  }
  async keepUnattributedInvoice(invoice: UnattributedInvoice): Promise<void> {
    this.state.keepUnattributedInvoice(this.workspaceId, this.mode, invoice);
  }
  async keepUnattributedSession(session: UnattributedCheckoutSession): Promise<void> {
    this.state.keepUnattributedSession(this.workspaceId, this.mode, session);
  }
  async takeRenewalsOf(customerId: string, from: Date, claim: RenewalClaim): Promise<UnattributedInvoice[]> {
    return this.state.takeRenewalsOf(this.workspaceId, this.mode, customerId, from, claim);
  }
  async dropUnattributedInvoice(invoiceId: string): Promise<UnattributedInvoice | null> {
    return this.state.dropUnattributedInvoice(this.workspaceId, this.mode, invoiceId);
  }
  async enqueue(message: OutboxMessage): Promise<void> {
    this.state.enqueue(message);
  }
}
