import { Inject, Injectable } from '@nestjs/common';
import { StreamSpec } from '@app/domain';
import { NatsClient } from '@app/messaging';

const POLL_MS = 50;

/**
 * How far attribution's copy of a reference stream (clicks, promo codes) has come. A click id is
 * returned to the browser only after its event is stored in JetStream, so a click made before a
 * sale was reported sits at or below the stream's last sequence at that moment. Once our durable
 * consumer has acknowledged everything up to that sequence, an id still missing from our table
 * names nothing at all, whatever traffic has arrived since.
 */
@Injectable()
export class ReferenceStreamProgress {
  constructor(@Inject(NatsClient) private readonly nats: NatsClient) {}

  /** The stream's last sequence now: everything stored before this moment is at or below it. */
  async lastSequence(stream: StreamSpec): Promise<number> {
    const info = await this.nats.jsm.streams.info(this.nats.streamName(stream.name));
    return info.state.last_seq;
  }

  /** Whether the consumer has acknowledged every message up to `sequence`. */
  async hasPassed(stream: StreamSpec, durable: string, sequence: number): Promise<boolean> {
    const info = await this.nats.jsm.consumers.info(this.nats.streamName(stream.name), durable);
    return info.ack_floor.stream_seq >= sequence || (info.num_pending === 0 && info.num_ack_pending === 0);
  }

  /** Polls `hasPassed` for at most `maxWaitMs`; no database connection or lock is held meanwhile. */
  async waitUntilPassed(stream: StreamSpec, durable: string, sequence: number, maxWaitMs: number): Promise<boolean> {
    const deadline = Date.now() + maxWaitMs;
    for (;;) {
      if (await this.hasPassed(stream, durable, sequence)) return true;
      if (Date.now() + POLL_MS > deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }
}
