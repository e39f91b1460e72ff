import { Injectable } from '@nestjs/common';
import { headers as natsHeaders, JSONCodec, PubAck } from 'nats';
import { MessagingUnavailableError } from './errors';
import { NatsClient } from './nats-client';
import { OutgoingMessage, PubAckInbox } from './pub-ack-inbox';
import { TurnBatcher } from './turn-batcher';

export interface PublishOptions {
  /** JetStream drops a second message with the same id inside the stream's duplicate window. */
  msgId: string;
  headers?: Record<string, string>;
}

const json = JSONCodec();

/**
 * Publishes to JetStream and resolves only once the stream has stored the message (its PubAck).
 * Anything short of that is a MessagingUnavailableError, which HTTP callers turn into a 503.
 */
@Injectable()
export class JetStreamPublisher {
  private inbox?: PubAckInbox;
  /**
   * Publishes issued while one turn of the event loop handles many requests go out in one socket
   * write: nats.js writes once per microtask checkpoint, and Node runs one after every I/O
   * callback, so without this each durable click or Stripe event cost a write system call of its own.
   */
  private readonly turn = new TurnBatcher<OutgoingMessage, Promise<PubAck>>((messages) => this.acks().publishAll(messages));

  constructor(private readonly nats: NatsClient) {}

  async publish(relativeSubject: string, payload: unknown, options: PublishOptions): Promise<PubAck> {
    return this.publishRaw(relativeSubject, json.encode(payload), options);
  }

  async publishRaw(relativeSubject: string, data: Uint8Array, options: PublishOptions): Promise<PubAck> {
    return this.publishToSubject(this.nats.subject(relativeSubject), data, options);
  }

  /** For a subject that already carries its namespace (e.g. one stored in an outbox). */
  async publishToSubject(subject: string, data: Uint8Array, options: PublishOptions): Promise<PubAck> {
    if (!this.nats.isConnected) throw new MessagingUnavailableError('NATS is not connected');
    const headers = natsHeaders();
    headers.set('Nats-Msg-Id', options.msgId);
    if (options.headers) for (const [k, v] of Object.entries(options.headers)) headers.set(k, v);
    try {
      const ack = await this.turn.call({ subject, data, headers });
      this.nats.noteStored(true, subject);
      return ack;
    } catch (err) {
      this.nats.noteStored(false, subject);
      throw new MessagingUnavailableError(`JetStream did not store the message: ${(err as Error).message}`);
    }
  }

  /** Made on first use: the connection is open by then (NatsClient connects before any provider runs). */
  private acks(): PubAckInbox {
    this.inbox ??= new PubAckInbox(this.nats.connection, this.nats.options.publishTimeoutMs);
    return this.inbox;
  }
}
