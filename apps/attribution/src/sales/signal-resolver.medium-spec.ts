import { Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { AckPolicy, JSONCodec, JsMsg } from 'nats';
import { StreamSpec } from '@app/domain';
import { NatsClient } from '@app/messaging';
import { deleteMediumSpecStreams } from '../../../../test/support/medium-messaging';
import { TEST_NATS_URL } from '../../../../test/support/test-env';
import { ReferenceStreamProgress, SaleArrival } from './reference-stream-progress';
import { ReferenceStream, SignalResolver } from './signal-resolver';

const COPIED: StreamSpec = { name: 'COPIED', subjects: ['copied.>'], maxAgeDays: 1, duplicateWindowSeconds: 60 };

/**
 * How long a sale naming an unknown click waits, against the real JetStream: until our copy has
 * passed the point where the sale was first looked at, however much traffic arrives after it.
 */
describe('SignalResolver.awaitStream against a real JetStream', () => {
  const namespace = `m${randomBytes(4).toString('hex')}`;
  const stream = `${namespace.toUpperCase()}_${COPIED.name}`;
  const reference: ReferenceStream = { stream: COPIED, durable: 'copy' };
  let nats: NatsClient;
  let signals: SignalResolver;
  const json = JSONCodec();

  beforeAll(async () => {
    Logger.overrideLogger(false);
    nats = await NatsClient.connect({
      natsUrl: TEST_NATS_URL,
      namespace,
      serviceName: 'signal-resolver-medium-spec',
      streamReplicas: 1,
      publishTimeoutMs: 3000,
      streams: [COPIED],
    });
    await nats.jsm.consumers.add(stream, { durable_name: 'copy', ack_policy: AckPolicy.Explicit, ack_wait: 60_000_000_000 });
    signals = new SignalResolver(new ReferenceStreamProgress(nats));
  });

  afterAll(async () => {
    await nats?.onApplicationShutdown();
    await deleteMediumSpecStreams(namespace, [COPIED]);
  });

  async function publish(count: number): Promise<void> {
    for (let i = 0; i < count; i++) await nats.js.publish(nats.subject(`copied.click`), json.encode({ i }));
  }

  const held: JsMsg[] = [];

  /** The copy takes `count` messages; acknowledged or, like a replica still working on them, held. */
  async function copy(count: number, ack: boolean): Promise<void> {
    const consumer = await nats.js.consumers.get(stream, 'copy');
    const batch = await consumer.fetch({ max_messages: count, expires: 2000 });
    let taken = 0;
    for await (const msg of batch) {
      if (ack) await msg.ackAck();
      else held.push(msg);
      if (++taken === count) break;
    }
    expect(taken).toBe(count);
  }

  async function ackHeld(): Promise<void> {
    for (const msg of held.splice(0)) await msg.ackAck();
  }

  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  it('a Stripe event (arrival: when JetStream stored it) waits for messages stored before it, and no longer', async () => {
    await publish(5);
    const arrival = new SaleArrival(new Date());
    let started = Date.now();
    expect(await signals.awaitStream(arrival, reference, 300)).toBe(false);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);

    await copy(5, true);
    await sleep(1_200); // past the clock margin: what follows was stored after the sale
    await publish(20);
    await copy(20, false);
    // What the old "is the stream drained?" check read: busy, so an unknown click would have waited on.
    expect((await nats.jsm.consumers.info(stream, 'copy')).num_ack_pending).toBe(20);

    started = Date.now();
    expect(await signals.awaitStream(arrival, reference, 2000)).toBe(true);
    expect(Date.now() - started).toBeLessThan(500);
    // A sale that arrived after those 20 waits for them.
    expect(await signals.awaitStream(new SaleArrival(new Date()), reference, 200)).toBe(false);
    await ackHeld();
  });

  it('a Conversion API call (arrival: the last sequences when first looked at) waits for those, and no longer', async () => {
    await publish(5);
    const arrival = new SaleArrival(null);
    expect(await signals.awaitStream(arrival, reference, 200)).toBe(false);
    expect(arrival.sequences.get(COPIED.name)).toBe(30);

    await copy(5, true);
    await publish(10);
    await copy(10, false);
    expect((await nats.jsm.consumers.info(stream, 'copy')).num_ack_pending).toBe(10);
    const started = Date.now();
    expect(await signals.awaitStream(arrival, reference, 2000)).toBe(true);
    expect(Date.now() - started).toBeLessThan(500);
    await ackHeld();
  });
});
