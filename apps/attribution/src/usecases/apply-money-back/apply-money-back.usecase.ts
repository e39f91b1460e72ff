import { Inject, Injectable, Logger } from '@nestjs/common';
import { AttributionStore } from '../../attribution.store';
import { ATTRIBUTION_CONFIG, AttributionConfig, moneyBackWaitMs } from '../../config';
import { isSaleId, MoneyBackChange } from '../../money-back/money-back';
import { SaleRecorder } from '../../sales/sale-recorder';
import { Decision, LedgerResult } from '../../sales/stripe-event-batcher';
import { SqlAttributionTransaction } from '../../sql-attribution-transaction';
import { ApplyMoneyBackCommand } from './apply-money-back.command';

/**
 * Refunds and disputes (and the InvoicePayment links that tell whose they are) are applied to the
 * conversion that stands for their sale, exactly once per event (the event ledger) and by a rule that
 * gives one result in every order (money-back.ts). One whose sale is not known yet is kept
 * (`awaiting_sale_of_payment`) and applied by ApplyKeptMoneyBackUseCase once it is.
 *
 * These events run on the plain SQL path, not in the group commit: they are rare next to sales, they
 * find their sale through links (PaymentIntent to invoice to Checkout Session) that the group's
 * reads do not cover, and they lock the sale's keys, like its own events, so neither can miss the other.
 */
@Injectable()
export class ApplyMoneyBackUseCase {
  private readonly logger = new Logger('Attribution');

  constructor(
    private readonly store: AttributionStore,
    private readonly sales: SaleRecorder,
    @Inject(ATTRIBUTION_CONFIG) private readonly config: AttributionConfig,
  ) {}

  async execute(command: ApplyMoneyBackCommand): Promise<LedgerResult> {
    const { workspaceId, mode } = command;
    // Read without locks, to know which sale locks to take; read again under them.
    const before = await this.store.resolveSaleIds(workspaceId, mode, [...command.paymentIds, ...command.links.map((l) => l.saleId)]);
    const result = await this.store.transaction(workspaceId, mode, async (tx): Promise<LedgerResult> => {
      const event = { eventId: command.eventId, type: command.eventType, stripeCreatedAt: command.eventCreatedAt };
      // The payments' own keys too: a refund and the link that names its sale (an InvoicePayment) serialise on
      // the PaymentIntent, so the later of the two sees the other's row and the refund is applied at once.
      const locks = [...before.filter(isSaleId), ...command.paymentIds, ...command.links.map((l) => l.paymentId)];
      if (!(await tx.claimEvent(event, null, locks))) return { outcome: 'already_processed', conversionId: null, detail: null };
      const decision = await this.decide(tx, command);
      await tx.settleEvent(command.eventId, decision.outcome, decision.detail, decision.conversionId);
      return decision;
    });
    this.logger.log({
      msg: 'stripe event processed',
      event_id: command.eventId,
      type: command.eventType,
      workspace_id: workspaceId,
      mode,
      payment_ids: command.paymentIds,
      outcome: result.outcome,
      conversion_id: result.conversionId,
    });
    return result;
  }

  private async decide(tx: SqlAttributionTransaction, command: ApplyMoneyBackCommand): Promise<Decision> {
    await tx.linkPayments(command.links);
    const ids = await tx.resolveSaleIds([...command.paymentIds, ...command.links.map((l) => l.saleId)]);
    // A sale committed since the read above is found too; its conversion's row lock (FOR UPDATE) is what
    // serialises this change with the sale's own: no further locks, which could only be taken out of order.
    const conversion = await tx.findStandingConversion(ids.filter(isSaleId));
    if (conversion) {
      const applied = await this.sales.applyMoneyBack(tx, conversion, command.change);
      // Events kept for this sale's payments (a refund before this InvoicePayment link) are applied with it, now.
      let now = applied.conversion;
      // (Payments linked to the sale by other events are the sweep's: `ids` only follow links forward.)
      for (const kept of await tx.takeKeptMoneyBackOf([...new Set([...ids, ...command.links.map((l) => l.paymentId)])])) {
        const change = { refundedAmountCents: kept.refundedAmountCents, disputeStatus: kept.disputeStatus };
        const keptApplied = await this.sales.applyMoneyBack(tx, now, change);
        now = keptApplied.conversion;
        const decision = moneyBackApplied(keptApplied, `kept since ${kept.receivedAt.toISOString()}, its sale known by ${command.eventId}`, isLinkOnly(change));
        await tx.settleEvent(kept.eventId, decision.outcome, decision.detail, decision.conversionId);
      }
      return moneyBackApplied(applied, command.what, isLinkOnly(command.change));
    }
    await tx.keepMoneyBack({
      eventId: command.eventId,
      paymentIds: command.paymentIds,
      refundedAmountCents: command.change.refundedAmountCents,
      disputeStatus: command.change.disputeStatus,
      receivedAt: command.storedAt,
    });
    const until = new Date(command.storedAt.getTime() + moneyBackWaitMs(this.config)).toISOString();
    return {
      outcome: 'awaiting_sale_of_payment',
      conversionId: null,
      detail: `${command.what}: no attributed sale of ${command.paymentIds.join(' / ')} is known yet; kept until ${until} and applied when it is`,
    };
  }
}

/** The outcome of money coming back applied to its sale's conversion (also when it changed nothing: an older event). */
export function moneyBackApplied({ conversion, changed }: { conversion: { id: string }; changed: boolean }, what: string, linkOnly = false): Decision {
  // An InvoicePayment carries no money: it tells which counted sale a payment belongs to.
  if (linkOnly) return { outcome: 'already_counted', conversionId: conversion.id, detail: `${what}: the sale is counted as this conversion` };
  return {
    outcome: 'refund_applied',
    conversionId: conversion.id,
    detail: changed ? `${what}: applied to the conversion` : `${what}: the conversion already shows it (or a later state)`,
  };
}

export function isLinkOnly(change: MoneyBackChange): boolean {
  return change.refundedAmountCents === null && change.disputeStatus === null;
}
