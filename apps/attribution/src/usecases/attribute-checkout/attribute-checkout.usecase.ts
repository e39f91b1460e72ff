import { Inject, Injectable, Logger } from '@nestjs/common';
import { newId, StripeEventOutcome } from '@app/domain';
import { RetryLaterError } from '@app/messaging';
import { AttributionStore, AttributionTransaction, KnownClick } from '../../attribution.store';
import { ClickBacklog } from '../../clicks/click-backlog';
import { ATTRIBUTION_CONFIG, AttributionConfig } from '../../config';
import { checkoutClickIdCandidates } from '../../rules/checkout-click-id';
import { AttributeCheckoutCommand } from './attribute-checkout.command';

export interface AttributionResult {
  outcome: StripeEventOutcome | 'already_processed';
  conversionId: string | null;
  detail: string | null;
}

/** `checkout.session.completed`: the seed's precedence rules, applied exactly once per event and per sale. */
@Injectable()
export class AttributeCheckoutUseCase {
  private readonly logger = new Logger('Attribution');

  constructor(
    @Inject(AttributionStore) private readonly store: AttributionStore,
    @Inject(ClickBacklog) private readonly backlog: ClickBacklog,
    @Inject(ATTRIBUTION_CONFIG) private readonly config: AttributionConfig,
  ) {}

  async execute(command: AttributeCheckoutCommand): Promise<AttributionResult> {
    const result = await this.store.transaction(async (tx) => {
      const claimed = await tx.claimEvent({
        workspaceId: command.workspaceId,
        eventId: command.eventId,
        mode: command.mode,
        type: command.eventType,
        stripeCreatedAt: command.eventCreatedAt,
      });
      if (!claimed) return { outcome: 'already_processed', conversionId: null, detail: null } as AttributionResult;
      const decided = await this.decide(tx, command);
      await tx.settleEvent(command.workspaceId, command.eventId, decided.outcome as StripeEventOutcome, decided.detail, decided.conversionId);
      return decided;
    });
    this.logger.log({
      msg: 'stripe event attributed',
      event_id: command.eventId,
      type: command.eventType,
      workspace_id: command.workspaceId,
      mode: command.mode,
      checkout_session_id: command.session.id,
      outcome: result.outcome,
      conversion_id: result.conversionId,
    });
    return result;
  }

  private async decide(tx: AttributionTransaction, command: AttributeCheckoutCommand): Promise<AttributionResult> {
    const { session } = command;
    if (session.mode === 'setup') return { outcome: 'not_a_sale', conversionId: null, detail: 'setup mode Checkout Sessions collect no payment' };
    if (session.paymentStatus === 'unpaid') {
      return { outcome: 'awaiting_payment', conversionId: null, detail: 'payment_status is unpaid (delayed payment method)' };
    }
    const candidates = checkoutClickIdCandidates({ client_reference_id: session.clientReferenceId, metadata: session.metadata });
    if (candidates.length === 0) return { outcome: 'no_signal', conversionId: null, detail: 'no click id in client_reference_id or metadata.aff_click_id' };

    const click = await this.chooseClick(tx, command, candidates);
    if (!click) return { outcome: 'unknown_click', conversionId: null, detail: `no click ${candidates.join(' or ')} in this workspace's ${command.mode} mode` };

    const expired = command.eventCreatedAt > click.expiresAt;
    const conversionId = await tx.insertConversion({
      id: newId(),
      workspaceId: command.workspaceId,
      mode: command.mode,
      partnerId: click.partnerId,
      clickId: click.clickId,
      promoCode: null,
      kind: 'initial',
      status: expired ? 'expired' : 'converted',
      amountCents: session.amountTotal,
      currency: session.currency,
      sourceEventId: command.eventId,
      stripeCustomerId: session.customerId,
      stripeSubscriptionId: session.subscriptionId,
      stripeInvoiceId: session.invoiceId,
      stripeCheckoutSessionId: session.id,
      occurredAt: command.eventCreatedAt,
    });
    if (!conversionId) return { outcome: 'already_counted', conversionId: null, detail: `checkout session ${session.id} or its invoice is already counted` };
    if (expired) return { outcome: 'expired', conversionId, detail: `click ${click.clickId} expired at ${click.expiresAt.toISOString()}` };
    if (session.customerId) await tx.bindCustomer(command.workspaceId, command.mode, session.customerId, click.partnerId, conversionId);
    return { outcome: 'attributed', conversionId, detail: null };
  }

  /**
   * The first candidate that names a click of this workspace and mode. A candidate not (yet) in
   * our copy of the clicks may still be on its way through the clicks stream: while that stream
   * has a backlog, the event is retried rather than attributed to a lower-ranked candidate.
   */
  private async chooseClick(tx: AttributionTransaction, command: AttributeCheckoutCommand, candidates: string[]): Promise<KnownClick | null> {
    const known = await tx.findClicks(command.workspaceId, command.mode, candidates);
    for (const id of candidates) {
      const click = known.get(id);
      if (click) return click;
      if (command.deliveryCount < this.config.CLICK_BACKLOG_MAX_DELIVERIES && !(await this.backlog.isDrained())) {
        throw new RetryLaterError(`click ${id} unknown while the clicks stream has a backlog`, 2000);
      }
    }
    return null;
  }
}
