import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { z } from 'zod';
import { Consumers, MODES, modeFromLivemode, Streams, stripeEventShapeProblems, Subjects } from '@app/domain';
import { JetStreamContext, JetStreamHandler, parseMessage, PoisonMessageError } from '@app/messaging';
import { readCheckoutSession } from '../stripe/checkout-session';
import { readInvoice } from '../stripe/invoice';
import { AttributeCheckoutUseCase } from '../usecases/attribute-checkout/attribute-checkout.usecase';
import { AttributeInvoiceUseCase } from '../usecases/attribute-invoice/attribute-invoice.usecase';

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
    @Inject(AttributeCheckoutUseCase) private readonly attributeCheckout: AttributeCheckoutUseCase,
    @Inject(AttributeInvoiceUseCase) private readonly attributeInvoice: AttributeInvoiceUseCase,
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
        const session = readCheckoutSession(event.data.object);
        if (!session) throw new PoisonMessageError(`${event.type} ${event.id} carries no session id`);
        await this.attributeCheckout.execute({ ...command, session });
        break;
      }
      case 'invoice.paid': {
        const invoice = readInvoice(event.data.object);
        if (!invoice) throw new PoisonMessageError(`invoice.paid ${event.id} carries no invoice id`);
        await this.attributeInvoice.execute({ ...command, invoice });
        break;
      }
      default:
        // The gateway forwards only the types we read; anything else is acknowledged and dropped.
        return;
    }
  }
}
