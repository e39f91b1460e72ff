import { Controller, INestMicroservice } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { Test } from '@nestjs/testing';
import { randomBytes } from 'node:crypto';
import { JSONCodec, StoredMsg } from 'nats';
import { StreamSpec } from '@app/domain';
import { isInfrastructureUnavailable, PoisonMessageError, RetryLaterError } from './errors';
import { JetStreamContext } from './jetstream.context';
import { JetStreamHandler } from './jetstream-handler.decorator';
import { JetStreamPublisher } from './jetstream-publisher';
import { DEAD_LETTER_HEADERS, JetStreamServer } from './jetstream.server';
import { NatsClient } from './nats-client';
import { RethrowRpcFilter } from './rethrow-rpc.filter';
import { deleteMediumSpecStreams, mediumSpecMessaging } from '../../../test/support/medium-messaging';

const PROBES: StreamSpec = { name: 'PROBES', subjects: ['probe.>'], maxAgeDays: 1, duplicateWindowSeconds: 60 };
const DEAD_LETTERS: StreamSpec = { name: 'DEAD_LETTERS', subjects: ['dead-letter.>'], maxAgeDays: 1, duplicateWindowSeconds: 60 };

/** Counts deliveries per message and behaves as the message's subject says. */
@Controller()
class ProbeHandlers {
  static readonly deliveries = new Map<string, number>();
  static readonly completed = new Set<string>();

  @JetStreamHandler('probe.>', { stream: PROBES, durable: 'probe-handlers', maxDeliveries: 3, backoffBaseMs: 50 })
  async handle(@Payload() payload: { id: string }, @Ctx() ctx: JetStreamContext): Promise<void> {
    const attempt = (ProbeHandlers.deliveries.get(payload.id) ?? 0) + 1;
    ProbeHandlers.deliveries.set(payload.id, attempt);
    expect(ctx.getDeliveryCount()).toBe(attempt);
    switch (ctx.getSubject()) {
      case 'probe.poison':
        throw new PoisonMessageError('the payload can never be handled');
      case 'probe.flaky':
        if (attempt < 3) throw new Error('a passing fault');
        break;
      case 'probe.always-fails':
        throw new Error('a bug that never goes away');
      case 'probe.database-down':
        if (attempt < 6) throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
        break;
      case 'probe.waits-then-fails-once':
        // Waits past maxDeliveries (3) deliveries, then meets one passing error (a deadlock, say).
        if (attempt <= 5) throw new RetryLaterError('waiting for a click in flight', 20);
        if (attempt === 6) throw Object.assign(new Error('deadlock detected'), { code: '40P01' });
        break;
      case 'probe.not-yet':
        if (attempt < 2) throw new RetryLaterError('waiting for something in flight', 50);
        break;
    }
    ProbeHandlers.completed.add(payload.id);
  }
}

describe('JetStreamServer against a real NATS JetStream', () => {
  const namespace = `m${randomBytes(4).toString('hex')}`;
  let consumers: INestMicroservice;
  let nats: NatsClient;
  let publisher: JetStreamPublisher;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [mediumSpecMessaging(namespace, 'messaging-medium-spec', [PROBES, DEAD_LETTERS])],
      controllers: [ProbeHandlers],
    }).compile();
    nats = moduleRef.get(NatsClient);
    publisher = moduleRef.get(JetStreamPublisher);
    consumers = moduleRef.createNestMicroservice({ strategy: new JetStreamServer(nats, publisher) });
    consumers.useGlobalFilters(new RethrowRpcFilter());
    consumers.useLogger(false);
    await consumers.listen();
  });

  afterAll(async () => {
    await consumers?.close();
    await nats.onApplicationShutdown();
    // Closing the microservice closed its connection: the helper removes the streams over a new one.
    await deleteMediumSpecStreams(namespace, [PROBES, DEAD_LETTERS]);
  });

  async function send(subject: string): Promise<string> {
    const id = randomBytes(6).toString('hex');
    await publisher.publish(subject, { id }, { msgId: id });
    return id;
  }

  async function until(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
    const deadline = Date.now() + 15_000;
    while (!(await condition())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  async function deadLetters(): Promise<StoredMsg[]> {
    const stream = `${namespace.toUpperCase()}_DEAD_LETTERS`;
    const { state } = await nats.jsm.streams.info(stream);
    const out: StoredMsg[] = [];
    for (let seq = state.first_seq; seq <= state.last_seq && state.messages > 0; seq++) out.push(await nats.jsm.streams.getMessage(stream, { seq }));
    return out;
  }

  /** The dead letter of the probe message `id`, if there is one. */
  async function deadLetterOf(id: string): Promise<StoredMsg | undefined> {
    return (await deadLetters()).find((m) => JSONCodec<{ id: string }>().decode(m.data).id === id);
  }

  async function idle(): Promise<boolean> {
    const info = await nats.jsm.consumers.info(`${namespace.toUpperCase()}_PROBES`, 'probe-handlers');
    return info.num_pending === 0 && info.num_ack_pending === 0;
  }

  it('acknowledges a message once its handler resolved', async () => {
    const id = await send('probe.ok');
    await until(async () => ProbeHandlers.completed.has(id) && (await idle()), 'the ok message to be acked');
    expect(ProbeHandlers.deliveries.get(id)).toBe(1);
  });

  /** Sends a probe that its handler completes in the end: after `deliveries` deliveries, and never dead-lettered. */
  async function expectCompleted(subject: string, deliveries: number, what: string): Promise<void> {
    const id = await send(subject);
    await until(() => ProbeHandlers.completed.has(id), what);
    expect(ProbeHandlers.deliveries.get(id)).toBe(deliveries);
    expect(await deadLetterOf(id)).toBeUndefined();
  }

  it('redelivers after a transient failure until the handler succeeds', async () => {
    await expectCompleted('probe.flaky', 3, 'the flaky message to succeed');
  });

  it('defers a message that asks to be retried later, without counting it as a failure', async () => {
    await expectCompleted('probe.not-yet', 2, 'the deferred message');
  });

  it('counts failures apart from deferrals: a message that waited many times survives one passing error', async () => {
    await expectCompleted('probe.waits-then-fails-once', 7, 'the message that waited, then failed once, to succeed');
  });

  it('dead-letters a poison message at once, with the reason', async () => {
    const id = await send('probe.poison');
    await until(async () => !!(await deadLetterOf(id)), 'the dead letter');
    const letter = (await deadLetterOf(id))!;
    expect(letter.subject).toBe(`${namespace}.dead-letter.probe.poison`);
    expect(letter.header.get(DEAD_LETTER_HEADERS.reason)).toBe('the payload can never be handled');
    expect(letter.header.get(DEAD_LETTER_HEADERS.subject)).toBe(`${namespace}.probe.poison`);
    expect(ProbeHandlers.deliveries.get(id)).toBe(1);
  });

  it('dead-letters a message that keeps failing after maxDeliveries', async () => {
    const id = await send('probe.always-fails');
    await until(async () => !!(await deadLetterOf(id)), 'the dead letter');
    const letter = (await deadLetterOf(id))!;
    expect(letter.header.get(DEAD_LETTER_HEADERS.reason)).toMatch(/failed 3 times; last error: Error: a bug that never goes away/);
    expect(letter.header.get(DEAD_LETTER_HEADERS.failures)).toBe('3');
    expect(ProbeHandlers.deliveries.get(id)).toBe(3);
    expect(ProbeHandlers.completed.has(id)).toBe(false);
  });

  it('never dead-letters a message whose dependency is down, however long it lasts', async () => {
    await expectCompleted('probe.database-down', 6, 'the message to succeed once the database is back');
  });

  it('dead-letters a payload that is not JSON', async () => {
    await nats.js.publish(nats.subject('probe.garbage'), new TextEncoder().encode('{not json'), { msgID: 'garbage' });
    await until(async () => (await deadLetters()).some((m) => m.header.get(DEAD_LETTER_HEADERS.reason) === 'payload is not JSON'), 'the dead letter');
  });
});

describe('isInfrastructureUnavailable', () => {
  it.each([
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), true],
    ['PostgreSQL shutting down (57P01)', Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }), true],
    ['a connection failure wrapped by TypeORM (08006)', Object.assign(new Error('QueryFailedError'), { driverError: { code: '08006' } }), true],
    ['a dropped connection', new Error('Connection terminated unexpectedly'), true],
    ['a unique violation (23505)', Object.assign(new Error('duplicate key'), { code: '23505' }), false],
    ['a programming error', new TypeError("Cannot read properties of undefined (reading 'id')"), false],
  ])('%s', (_label, error, expected) => {
    expect(isInfrastructureUnavailable(error)).toBe(expected);
  });
});
