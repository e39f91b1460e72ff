import { Subjects, type StripeEventEnvelope, type StripeEventReceived } from '@app/domain';
import type { JetStreamPublisher } from '@app/messaging';
import { AcceptStripeEventUseCase } from './accept-stripe-event.usecase';

const event = (type: string, livemode = false): StripeEventEnvelope => ({ id: 'evt_1', type, livemode, created: 1_767_225_600, data: { object: {} } });

function setUp(duplicate = false) {
  const published: Array<{ subject: string; message: StripeEventReceived; msgId: string }> = [];
  const publisher = {
    publish: (subject: string, message: StripeEventReceived, options: { msgId: string }) => {
      published.push({ subject, message, msgId: options.msgId });
      return Promise.resolve({ stream: 'STRIPE_EVENTS', seq: published.length, duplicate });
    },
  } as unknown as JetStreamPublisher;
  return { published, useCase: new AcceptStripeEventUseCase(publisher) };
}

/** What the gateway does with a verified event, against a publisher that only records: no NATS. */
describe('AcceptStripeEventUseCase', () => {
  it("stores an event the product reads under its type's subject, in the event's mode, once per workspace and event id", async () => {
    const { published, useCase } = setUp();
    expect(await useCase.execute({ workspaceId: 'ws_a', event: event('invoice.paid', true) })).toBe('stored');
    expect(published).toEqual([
      {
        subject: Subjects.stripeEvent('invoice.paid'),
        message: { workspace_id: 'ws_a', mode: 'live', received_at: expect.any(String), event: event('invoice.paid', true) },
        msgId: 'ws_a:evt_1',
      },
    ]);
  });

  it('says so when JetStream already holds the event', async () => {
    const { useCase } = setUp(true);
    expect(await useCase.execute({ workspaceId: 'ws_a', event: event('checkout.session.completed') })).toBe('duplicate');
  });

  it('acknowledges and drops a type the product does not read', async () => {
    const { published, useCase } = setUp();
    expect(await useCase.execute({ workspaceId: 'ws_a', event: event('customer.created') })).toBe('ignored');
    expect(published).toEqual([]);
  });
});
