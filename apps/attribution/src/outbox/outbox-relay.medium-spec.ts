import { Logger } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Streams } from '@app/domain';
import { JetStreamPublisher, NatsClient } from '@app/messaging';
import { dataSourceOptions, runMigrations } from '@app/persistence';
import { deleteMediumSpecStreams, mediumSpecMessaging } from '../../../../test/support/medium-messaging';
import { TEST_DATABASE_URL } from '../../../../test/support/test-env';
import { attributionMigrations } from '../migrations';
import { enqueueOutboxMessage, OutboxMessage, OutboxRelay } from './outbox-relay';

/**
 * The relay against the real PostgreSQL and NATS JetStream. The outbox table is shared with the
 * attribution services other suites run at the same time, whose relays may take these rows too, so
 * every check is on what the stream and the table hold, never on which relay did the work.
 */
describe('OutboxRelay against PostgreSQL and JetStream', () => {
  const namespace = `m${randomBytes(4).toString('hex')}`;
  const stream = `${namespace.toUpperCase()}_${Streams.conversions.name}`;
  let dataSource: DataSource;
  let nats: NatsClient;
  let publisher: JetStreamPublisher;
  let relay: OutboxRelay;

  beforeAll(async () => {
    Logger.overrideLogger(false);
    const moduleRef = await Test.createTestingModule({
      imports: [mediumSpecMessaging(namespace, 'outbox-relay-medium-spec', [Streams.conversions])],
    }).compile();
    await moduleRef.init();
    nats = moduleRef.get(NatsClient);
    publisher = moduleRef.get(JetStreamPublisher);
    dataSource = new DataSource(
      dataSourceOptions({
        url: TEST_DATABASE_URL,
        schema: 'attribution',
        poolSize: 4,
        entities: [],
        migrations: attributionMigrations,
        applicationName: 'outbox-relay-medium-spec',
      }),
    );
    await dataSource.initialize();
    await runMigrations(dataSource, 'attribution');
    relay = new OutboxRelay(dataSource, publisher);
    relay.onApplicationBootstrap();
  });

  afterAll(async () => {
    await relay?.onApplicationShutdown();
    await dataSource?.destroy();
    await nats?.onApplicationShutdown();
    await deleteMediumSpecStreams(namespace, [Streams.conversions]);
  });

  afterEach(() => jest.restoreAllMocks());

  /** Writes the message to the outbox in a transaction of its own, as a decision does. */
  async function commit(): Promise<OutboxMessage> {
    const id = randomUUID();
    const message = { subject: nats.subject('conversion.created'), msgId: `conversion.created:${id}`, payload: { id, type: 'conversion.created' } };
    await dataSource.transaction((db) => enqueueOutboxMessage(db, message));
    return message;
  }

  async function storedCopies(message: OutboxMessage): Promise<number> {
    const { state } = await nats.jsm.streams.info(stream);
    let copies = 0;
    for (let seq = state.first_seq; seq <= state.last_seq && state.messages > 0; seq++) {
      const stored = await nats.jsm.streams.getMessage(stream, { seq });
      if (stored.json<{ id: string }>().id === (message.payload as { id: string }).id) copies++;
    }
    return copies;
  }

  async function leftInOutbox(message: OutboxMessage): Promise<number> {
    const [{ n }] = await dataSource.query(`SELECT count(*)::int AS n FROM attribution.outbox WHERE msg_id = $1`, [message.msgId]);
    return n;
  }

  async function until(condition: () => Promise<boolean>, what: string): Promise<void> {
    const deadline = Date.now() + 15_000;
    while (!(await condition())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  it('publishes a committed message at once, then takes its row out without publishing it again', async () => {
    const publishes = jest.spyOn(publisher, 'publishToSubject');
    const message = await commit();
    relay.publishCommitted([message]);
    await until(async () => (await storedCopies(message)) === 1, 'the early copy to be stored');
    await until(async () => (await leftInOutbox(message)) === 0, 'the row to leave the outbox');
    expect(publishes.mock.calls.filter(([, , options]) => options.msgId === message.msgId)).toHaveLength(1);
    expect(await storedCopies(message)).toBe(1);
  });

  it('publishes from the row a message whose early publish JetStream did not store', async () => {
    const message = await commit();
    jest.spyOn(publisher, 'publishToSubject').mockRejectedValueOnce(new Error('NATS is not connected'));
    relay.publishCommitted([message]);
    await until(async () => (await leftInOutbox(message)) === 0, 'the row to leave the outbox');
    await until(async () => (await storedCopies(message)) === 1, 'the relay to store the message');
  });

  it('publishes rows nobody announced early (the relay alone, as after a crash)', async () => {
    const message = await commit();
    relay.poke();
    await until(async () => (await storedCopies(message)) === 1 && (await leftInOutbox(message)) === 0, 'the relay to publish the row');
  });
});
