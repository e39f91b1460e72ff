import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { z } from 'zod';
import { Consumers, MODES, modeFromLivemode, Streams, stripeEventShapeProblems, Subjects } from '@app/domain';
import { JetStreamContext, JetStreamHandler, parseMessage, PoisonMessageError } from '@app/messaging';
import { readCheckoutSession } from '../stripe/checkout-session';
import { readInvoice } from '../stripe/invoice';
import { AttributeCheckoutUseCase } from '../usecases/attribute-checkout/attribute-checkout.usecase';
import { AttributeInvoiceUseCase } from '../usecases/attribute-invoice/attribute-invoice.usecase';
import { AttributionStore } from '../attribution.store';
import { checkoutLinks, invoiceLinks, PaymentLink } from '../money-back/money-back';
import { readDispute, readInvoicePayment, readRefundedCharge } from '../stripe/money-back';
import { ApplyMoneyBackUseCase } from '../usecases/apply-money-back/apply-money-back.usecase';

const stripeEventReceived = z.object({
  workspace_id: z.string().min(1),
  mode: z.enum(MODES),
  received_at: z.string(),
  event: z
    .object({
      id: z.string().min(1),
      type: z.string().min(1),
      livemode: z.boolean(),
      created: z.number().int(),
      data: z.object({ object: z.record(z.unknown()) }),
    })
    .passthrough(),
});

/** Routes each stored Stripe event to the use case for its type. */
@Controller()
export class StripeEventHandler {
  constructor(
    private readonly attributeCheckout: AttributeCheckoutUseCase,
    private readonly attributeInvoice: AttributeInvoiceUseCase,
    private readonly applyMoneyBack: ApplyMoneyBackUseCase,
    private readonly store: AttributionStore,
  ) {}

  @JetStreamHandler(Subjects.stripeEvents, { stream: Streams.stripeEvents, durable: Consumers.attributionStripeEvents })
  async onStripeEvent(@Payload() payload: unknown, @Ctx() context: JetStreamContext): Promise<void> {
    const envelope = parseMessage(stripeEventReceived, payload, 'stripe event envelope');
    const { workspace_id: workspaceId, event } = envelope;
    // The gateway's own definition: what it stored passes here.
    const problems = stripeEventShapeProblems(event);
    if (problems.length) throw new PoisonMessageError(`not a processable Stripe event: ${problems.join(', ')}`);
    // Test-mode events only ever touch test-mode data: the mode comes from Stripe's own flag.
    const mode = modeFromLivemode(event.livemode);
    if (mode !== envelope.mode) throw new PoisonMessageError(`envelope mode ${envelope.mode} contradicts livemode=${event.livemode}`);

    const command = {
      workspaceId,
      mode,
      eventId: event.id,
      eventType: event.type,
      eventCreatedAt: new Date(event.created * 1000),
      storedAt: context.getStoredAt(),
    };
    switch (event.type) {
      case 'checkout.session.completed':
      case 'checkout.session.async_payment_succeeded':
      case 'checkout.session.async_payment_failed': {
        const session = readOrPoison(event, readCheckoutSession, 'carries no session id');
        // Its refunds and disputes name its PaymentIntent: linked first, so money coming back finds the sale.
        await this.link(command, checkoutLinks(session));
        await this.attributeCheckout.execute({ ...command, session });
        break;
      }
      case 'invoice.paid': {
        const invoice = readOrPoison(event, readInvoice, 'carries no invoice id');
        await this.link(command, invoiceLinks(invoice));
        await this.attributeInvoice.execute({ ...command, invoice });
        break;
      }
      case 'charge.refunded': {
        const charge = readOrPoison(event, readRefundedCharge, 'carries no charge id');
        // Before basil the Charge names its invoice: a link, like an InvoicePayment's.
        const links = charge.invoiceId ? invoiceLinks({ id: charge.invoiceId, paymentIntentId: charge.paymentIntentId, chargeId: charge.chargeId }) : [];
        await this.applyMoneyBack.execute({
          ...command,
          paymentIds: present(charge.paymentIntentId, charge.chargeId, charge.invoiceId),
          change: { refundedAmountCents: charge.amountRefundedCents, disputeStatus: null },
          links,
          what: `refund of charge ${charge.chargeId} (${charge.amountRefundedCents} refunded in all)`,
        });
        break;
      }
      case 'charge.dispute.created':
      case 'charge.dispute.updated':
      case 'charge.dispute.closed': {
        const dispute = readOrPoison(event, readDispute, 'names no dispute, charge or payment intent');
        await this.applyMoneyBack.execute({
          ...command,
          paymentIds: present(dispute.paymentIntentId, dispute.chargeId),
          change: { refundedAmountCents: null, disputeStatus: dispute.status },
          links: [],
          what: `dispute ${dispute.disputeId} (${dispute.status})`,
        });
        break;
      }
      case 'invoice_payment.paid': {
        const payment = readOrPoison(event, readInvoicePayment, 'names no invoice and payment');
        await this.applyMoneyBack.execute({
          ...command,
          paymentIds: [payment.invoiceId],
          change: { refundedAmountCents: null, disputeStatus: null },
          links: [{ paymentId: payment.paymentId, saleId: payment.invoiceId }],
          what: `payment ${payment.paymentId} of invoice ${payment.invoiceId}`,
        });
        break;
      }
      default:
        // The gateway forwards only the types we read; anything else is acknowledged and dropped.
        return;
    }
  }

  /** A link is a fact: written before the sale is decided, outside its transaction, the same again on a redelivery. */
  private async link(command: { workspaceId: string; mode: 'test' | 'live' }, links: PaymentLink[]): Promise<void> {
    if (links.length > 0) await this.store.linkPayments(command.workspaceId, command.mode, links);
  }
}

/** The event's object as `read` makes it out; one without what it needs is poison: every redelivery carries the same. */
function readOrPoison<T>(
  event: { id: string; type: string; data: { object: Record<string, unknown> } },
  read: (object: Record<string, unknown>) => T | null,
  missing: string,
): T {
  const found = read(event.data.object);
  if (!found) throw new PoisonMessageError(`${event.type} ${event.id} ${missing}`);
  return found;
}

function present(...ids: Array<string | null>): string[] {
  return ids.filter((id): id is string => !!id);
}
