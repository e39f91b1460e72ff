import { Inject, Injectable } from '@nestjs/common';
import { headers as natsHeaders, JSONCodec, MsgHdrs, PubAck } from 'nats';
import { MessagingUnavailableError } from './errors';
import { NatsClient } from './nats-client';
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
  /**
   * Publishes issued while one turn of the event loop handles many requests go out in one socket
   * write: nats.js writes once per microtask checkpoint, and Node runs one after every I/O
   * callback, so without this each durable click or Stripe event cost a write system call of its own.
   */
  private readonly turn = new TurnBatcher<() => Promise<PubAck>, Promise<PubAck>>((sends) => sends.map((send) => send()));

  constructor(@Inject(NatsClient) private readonly nats: NatsClient) {}

  async publish(relativeSubject: string, payload: unknown, options: PublishOptions): Promise<PubAck> {
    return this.publishRaw(relativeSubject, json.encode(payload), options);
  }

  async publishRaw(relativeSubject: string, data: Uint8Array, options: PublishOptions): Promise<PubAck> {
    return this.publishToSubject(this.nats.subject(relativeSubject), data, options);
  }

  /** For a subject that already carries its namespace (e.g. one stored in an outbox). */
  async publishToSubject(subject: string, data: Uint8Array, options: PublishOptions): Promise<PubAck> {
    if (!this.nats.isConnected) throw new MessagingUnavailableError('NATS is not connected');
    let hdrs: MsgHdrs | undefined;
    if (options.headers) {
      hdrs = natsHeaders();
      for (const [k, v] of Object.entries(options.headers)) hdrs.set(k, v);
    }
    try {
      const send = () => this.nats.js.publish(subject, data, { msgID: options.msgId, headers: hdrs, timeout: this.nats.options.publishTimeoutMs });
      return await this.turn.call(send);
    } catch (err) {
      throw new MessagingUnavailableError(`JetStream did not store the message: ${(err as Error).message}`);
    }
  }
}
