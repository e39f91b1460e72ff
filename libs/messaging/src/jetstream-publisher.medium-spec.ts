import { Test } from '@nestjs/testing';
import { randomBytes } from 'node:crypto';
import { DiscardPolicy, headers as natsHeaders, JSONCodec, NatsConnection } from 'nats';
import { StreamSpec } from '@app/domain';
import { MessagingUnavailableError } from './errors';
import { JetStreamPublisher } from './jetstream-publisher';
import { NatsClient } from './nats-client';
import { PubAckInbox } from './pub-ack-inbox';
import { deleteMediumSpecStreams, mediumSpecMessaging } from '../../../test/support/medium-messaging';

const PROBES: StreamSpec = { name: 'PROBES', subjects: ['probe.>'], maxAgeDays: 1, duplicateWindowSeconds: 60 };
const json = JSONCodec();

describe('JetStreamPublisher against a real NATS JetStream', () => {
  const namespace = `m${randomBytes(4).toString('hex')}`;
  const fullStream = `${namespace.toUpperCase()}_FULL`;
  let nats: NatsClient;
  let connection: NatsConnection;
  let publisher: JetStreamPublisher;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ imports: [mediumSpecMessaging(namespace, 'publisher-medium-spec', [PROBES])] }).compile();
    nats = moduleRef.get(NatsClient);
    connection = nats.connection;
    publisher = moduleRef.get(JetStreamPublisher);
    // A stream that holds one message and refuses the next: JetStream answers with an error, not a PubAck.
    await nats.jsm.streams.add({ name: fullStream, subjects: [`${namespace}.full.>`], max_msgs: 1, discard: DiscardPolicy.New });
  });

  afterAll(async () => {
    await nats.jsm.streams.delete(fullStream).catch(() => undefined);
    await nats.onApplicationShutdown();
    await deleteMediumSpecStreams(namespace, [PROBES]);
  });

  it('resolves with the stored sequence, and the stream holds the message with its id and headers', async () => {
    const ack = await publisher.publish('probe.stored', { n: 1 }, { msgId: 'stored-1', headers: { 'Selgeo-Origin': 'spec' } });
    expect(ack).toEqual({ stream: nats.streamName('PROBES'), seq: expect.any(Number), duplicate: false });
    const stored = await nats.jsm.streams.getMessage(nats.streamName('PROBES'), { seq: ack.seq });
    expect(stored.subject).toBe(`${namespace}.probe.stored`);
    expect(json.decode(stored.data)).toEqual({ n: 1 });
    expect(stored.header.get('Nats-Msg-Id')).toBe('stored-1');
    expect(stored.header.get('Selgeo-Origin')).toBe('spec');
  });

  it('reports a second message with the same id as a duplicate of the first', async () => {
    const first = await publisher.publish('probe.twice', { n: 1 }, { msgId: 'twice' });
    const second = await publisher.publish('probe.twice', { n: 2 }, { msgId: 'twice' });
    expect(second).toEqual({ stream: first.stream, seq: first.seq, duplicate: true });
  });

  it('matches every PubAck of one turn to its own message', async () => {
    const ids = Array.from({ length: 300 }, (_, i) => `turn-${i}`);
    const acks = await Promise.all(ids.map((id) => publisher.publish('probe.turn', { id }, { msgId: id })));
    expect(new Set(acks.map((a) => a.seq)).size).toBe(ids.length);
    for (const [i, ack] of acks.entries()) {
      const stored = await nats.jsm.streams.getMessage(nats.streamName('PROBES'), { seq: ack.seq });
      expect(json.decode(stored.data)).toEqual({ id: ids[i] });
    }
  });

  it('refuses with MessagingUnavailableError when no stream stores the subject', async () => {
    const refused = publisher.publish('nowhere.at.all', { n: 1 }, { msgId: 'nowhere' });
    await expect(refused).rejects.toThrow(MessagingUnavailableError);
    await expect(refused).rejects.toThrow(/no JetStream stream stores this subject/);
  });

  it("passes JetStream's own refusal on, without a stored answer", async () => {
    await publisher.publish('full.one', { n: 1 }, { msgId: 'full-1' });
    const refused = publisher.publish('full.two', { n: 2 }, { msgId: 'full-2' });
    await expect(refused).rejects.toThrow(MessagingUnavailableError);
    await expect(refused).rejects.toThrow(/JetStream refused the message: maximum messages exceeded/);
  });

  it('tells readiness JetStream is not storing after a publish it did not store, until the stream answers or a publish is stored', async () => {
    // A stream that does not answer (as while a clustered stream elects its leader): a stream of its own, stopped.
    const silent = `${namespace}.silent.${randomBytes(3).toString('hex')}`;
    const jsm = nats.jsm as unknown as { streams: { find: (s: string) => Promise<string>; info: (s: string) => Promise<unknown> } };
    const { find, info } = jsm.streams;
    jsm.streams.find = async (s) => (s === silent ? 'SILENT' : find.call(jsm.streams, s));
    jsm.streams.info = async (s) => (s === 'SILENT' ? Promise.reject(new Error('TIMEOUT')) : info.call(jsm.streams, s));
    try {
      await expect(publisher.publish(silent.slice(namespace.length + 1), { n: 1 }, { msgId: 'silent' })).rejects.toThrow(MessagingUnavailableError);
      expect(await nats.isStoring()).toBe(false);
      expect(await nats.isStoring()).toBe(false);
      await publisher.publish('probe.back', { n: 1 }, { msgId: 'back' });
      expect(await nats.isStoring()).toBe(true);
    } finally {
      Object.assign(jsm.streams, { find, info });
    }
    // A subject no stream stores: that publish's own answer, not an outage.
    await expect(publisher.publish('nowhere.at.all', { n: 1 }, { msgId: 'nowhere-2' })).rejects.toThrow(MessagingUnavailableError);
    expect(await nats.isStoring()).toBe(true);
    // A refusal by a stream that answers (full, here) is that message's answer, not an outage.
    await publisher.publish('full.three', { n: 3 }, { msgId: 'full-3' }).catch(() => undefined);
    expect(await nats.isStoring()).toBe(true);
  });

  it('gives up after its timeout when nothing answers, and ignores an answer that comes later', async () => {
    // A core subscriber on the subject: NATS has a responder, so no 503, but it answers too late.
    const subject = `${namespace}.slow.${randomBytes(3).toString('hex')}`;
    const late = connection.subscribe(subject, { callback: (_err, msg) => setTimeout(() => msg.respond(json.encode({ stream: 'LATE', seq: 1 })), 400) });
    const inbox = new PubAckInbox(connection, 150);
    const headers = natsHeaders();
    headers.set('Nats-Msg-Id', 'slow');
    const [ack] = inbox.publishAll([{ subject, data: json.encode({ n: 1 }), headers }]);
    await expect(ack).rejects.toThrow('no acknowledgement from JetStream within 150 ms');
    expect(inbox.awaiting).toBe(0);
    await new Promise((r) => setTimeout(r, 500));
    expect(inbox.awaiting).toBe(0);
    late.unsubscribe();
  });
});
