import { KV } from 'nats';
import { NatsClient } from './nats-client';

/** A failure count left behind (its message acked by a replica that never failed it) is dropped after this. */
const FAILURE_COUNT_TTL_MS = 7 * 24 * 3_600_000;
const BUCKET = 'delivery_failures';
const MAX_COUNT_RACES = 5;

/**
 * How often each message failed, apart from how often it was delivered. JetStream's delivery count
 * also counts every deferral (a click still in flight, a receiver's turn), so an event that waited
 * many times and then met one passing error would look like one that failed every time.
 *
 * The counts live in a JetStream key-value bucket, keyed by stream and sequence, rather than in a
 * replica's memory: a message nak'd by one replica may be redelivered to another, and the count must
 * follow it. A count is written only when a handler fails, so the happy path costs nothing; it is
 * removed when its message is acked after an earlier delivery or dead-lettered, and otherwise
 * expires with the bucket's TTL, longer than any message waits.
 */
export class DeliveryFailures {
  private bucket?: Promise<KV>;

  constructor(private readonly nats: NatsClient) {}

  /** Counts one more failure of the message and returns its failures so far. */
  async record(stream: string, sequence: number): Promise<number> {
    const kv = await this.kv();
    const key = keyOf(stream, sequence);
    // Compare-and-set: another replica may count a failure of the same message at the same time.
    for (let race = 0; ; race++) {
      const entry = await kv.get(key);
      const count = entry && entry.operation === 'PUT' ? Number(entry.string()) + 1 : 1;
      try {
        if (entry) await kv.update(key, String(count), entry.revision);
        else await kv.create(key, String(count));
        return count;
      } catch (err) {
        if (race >= MAX_COUNT_RACES) throw err;
      }
    }
  }

  /** Forgets the message's failures (it was acked or dead-lettered). */
  async forget(stream: string, sequence: number): Promise<void> {
    await (await this.kv()).purge(keyOf(stream, sequence));
  }

  private kv(): Promise<KV> {
    this.bucket ??= this.nats.kv(BUCKET, { ttl: FAILURE_COUNT_TTL_MS }).catch((err: unknown) => {
      this.bucket = undefined;
      throw err;
    });
    return this.bucket;
  }
}

function keyOf(stream: string, sequence: number): string {
  return `${stream}.${sequence}`;
}
