import { Injectable } from '@nestjs/common';
import { StreamSpec } from '@app/domain';
import { NatsClient } from '@app/messaging';

const POLL_MS = 50;
/**
 * Two streams' timestamps may come from two servers of a NATS cluster: a click counts as stored
 * before a sale unless it was stored this much later, so a clock a little ahead never hides one.
 */
const CLOCK_MARGIN_MS = 1_000;
/** Messages after the ack floor that may be gone (max age) before one is found. */
const MAX_MISSING = 16;

/**
 * Where a sale entered the system: when JetStream stored it (a Stripe event), or, for a call
 * answered at once (the Conversion API), the reference streams' last sequences when it was first
 * looked at, taken once and kept for the call.
 */
export class SaleArrival {
  readonly sequences = new Map<string, number>();

  constructor(readonly storedAt: Date | null) {}
}

/**
 * How far attribution's copy of a reference stream (clicks, promo codes) has come. A click id is
 * returned to the browser only after its event is stored in JetStream, so a click made before a
 * sale was reported was stored before the sale arrived. Once our durable consumer has acknowledged
 * everything stored up to that point, an id still missing from our table names nothing at all,
 * whatever traffic has arrived since.
 */
@Injectable()
export class ReferenceStreamProgress {
  constructor(private readonly nats: NatsClient) {}

  /** Whether the consumer has acknowledged every message stored before the sale arrived. */
  async hasPassed(stream: StreamSpec, durable: string, arrival: SaleArrival): Promise<boolean> {
    const name = this.nats.streamName(stream.name);
    if (arrival.storedAt === null && !arrival.sequences.has(stream.name)) {
      arrival.sequences.set(stream.name, (await this.nats.jsm.streams.info(name)).state.last_seq);
    }
    const info = await this.nats.jsm.consumers.info(name, durable);
    if (info.num_pending === 0 && info.num_ack_pending === 0) return true;
    const target = arrival.sequences.get(stream.name);
    if (target !== undefined) return info.ack_floor.stream_seq >= target;
    // The oldest message not yet acknowledged was stored after the sale: all before it are in the copy.
    const after = arrival.storedAt!.getTime() + CLOCK_MARGIN_MS;
    for (let seq = info.ack_floor.stream_seq + 1, n = 0; n < MAX_MISSING; seq++, n++) {
      const stored = await this.nats.jsm.streams.getMessage(name, { seq }).catch((err: unknown) => {
        if (/no message found/i.test(String(err))) return null;
        throw err;
      });
      if (stored) return stored.time.getTime() > after;
    }
    return false;
  }

  /** Polls `hasPassed` for at most `maxWaitMs`; no database connection or lock is held meanwhile. */
  async waitUntilPassed(stream: StreamSpec, durable: string, arrival: SaleArrival, maxWaitMs: number): Promise<boolean> {
    const deadline = Date.now() + maxWaitMs;
    for (;;) {
      if (await this.hasPassed(stream, durable, arrival)) return true;
      if (Date.now() + POLL_MS > deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }
}
