import { CustomTransportStrategy, MessageHandler, Server } from '@nestjs/microservices';
import { AckPolicy, DeliverPolicy, JsMsg, nanos } from 'nats';
import { isObservable, lastValueFrom } from 'rxjs';
import { DeliveryFailures } from './delivery-failures';
import { isInfrastructureUnavailable, PoisonMessageError, RetryLaterError } from './errors';
import { JetStreamContext } from './jetstream.context';
import { JETSTREAM_TRANSPORT, JetStreamHandlerOptions } from './jetstream-handler.decorator';
import { JetStreamPublisher } from './jetstream-publisher';
import { NatsClient } from './nats-client';
import { Semaphore } from './semaphore';
import { TurnBatcher } from './turn-batcher';

const DEFAULT_MAX_IN_FLIGHT = 16;
const DEFAULT_MAX_DELIVERIES = 10;
/**
 * How long a delivered message may stay unacknowledged before JetStream redelivers it: what a
 * crashed or departed replica's messages wait. Handlers take milliseconds, but one statement may
 * run up to the database's statement timeout (20 s, STATEMENT_TIMEOUT_MS in persistence): the ack
 * wait is longer, so a message is never handed to a second replica while its first delivery still
 * runs a statement, which would run the work twice at once (jetstream.server.spec.ts holds the two).
 */
export const ACK_WAIT_MS = 30_000;
const DEFAULT_MAX_ACK_PENDING = 10_000;
const FETCH_EXPIRES_MS = 1000;
const MAX_BACKOFF_MS = 30_000;

export const DEAD_LETTER_HEADERS = {
  reason: 'Selgeo-Dead-Letter-Reason',
  subject: 'Selgeo-Original-Subject',
  stream: 'Selgeo-Original-Stream',
  sequence: 'Selgeo-Original-Sequence',
  deliveries: 'Selgeo-Deliveries',
  failures: 'Selgeo-Failures',
} as const;

/** 1 s, 2 s, 4 s … capped at 30 s (with the default base). */
export function redeliveryDelayMs(deliveryCount: number, baseMs = 1000): number {
  return Math.min(MAX_BACKOFF_MS, baseMs * 2 ** Math.max(0, deliveryCount - 1));
}

/**
 * A NestJS transport over JetStream durable pull consumers. Handlers are declared with
 * `@JetStreamHandler(subject, { stream, durable })` and read like any Nest event handler.
 *
 * At-least-once: a message is acked only after its handler resolved (its transaction committed),
 * nak'd with backoff on a transient failure, and moved to the dead-letter stream with the reason
 * when it can never succeed. Handlers must therefore be idempotent.
 */
export class JetStreamServer extends Server implements CustomTransportStrategy {
  override readonly transportId = JETSTREAM_TRANSPORT;
  private readonly loops: Promise<void>[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private closing = false;
  /** The acks of one turn go out in one socket write. */
  private readonly acks = new TurnBatcher<JsMsg, void>((msgs) => msgs.map((msg) => msg.ack()));
  private readonly failures: DeliveryFailures;

  constructor(
    private readonly nats: NatsClient,
    private readonly publisher: JetStreamPublisher,
    /** Default for handlers that do not set `maxInFlight`. */
    private readonly defaultMaxInFlight = DEFAULT_MAX_IN_FLIGHT,
  ) {
    super();
    this.failures = new DeliveryFailures(nats);
  }

  async listen(callback: (err?: unknown) => void): Promise<void> {
    try {
      for (const [subject, handler] of this.messageHandlers) {
        const options = handler.extras?.jetstream as JetStreamHandlerOptions | undefined;
        if (!options) throw new Error(`Handler for "${subject}" must be declared with @JetStreamHandler`);
        await this.provisionConsumer(subject, options);
        this.loops.push(this.consumeForever(subject, handler, options));
      }
      callback();
    } catch (err) {
      callback(err);
    }
  }

  private async provisionConsumer(subject: string, options: JetStreamHandlerOptions): Promise<void> {
    const stream = this.nats.streamName(options.stream.name);
    const config = {
      durable_name: options.durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      filter_subject: this.nats.subject(subject),
      // Redelivery is bounded by our own dead-lettering, never by the server dropping a message.
      max_deliver: -1,
      ack_wait: nanos(options.ackWaitMs ?? ACK_WAIT_MS),
      max_ack_pending: options.maxAckPending ?? DEFAULT_MAX_ACK_PENDING,
    };
    try {
      await this.nats.jsm.consumers.add(stream, config);
    } catch {
      // Exists with another config (an older deployment): update what may be updated.
      await this.nats.jsm.consumers.update(stream, options.durable, {
        ack_wait: config.ack_wait,
        max_deliver: config.max_deliver,
        max_ack_pending: config.max_ack_pending,
      });
    }
  }

  /**
   * Pulls in bounded batches (`fetch`) rather than an endless `consume`: a batch always runs to its
   * end (full, or idle for FETCH_EXPIRES_MS), so on close every message already pulled is either
   * handled or handed straight back, never left to wait out its ack wait.
   */
  private async consumeForever(subject: string, handler: MessageHandler, options: JetStreamHandlerOptions): Promise<void> {
    const slots = new Semaphore(options.maxInFlight ?? this.defaultMaxInFlight);
    const stream = this.nats.streamName(options.stream.name);
    while (!this.closing) {
      try {
        const consumer = await this.nats.js.consumers.get(stream, options.durable);
        while (!this.closing) {
          const batch = await consumer.fetch({ max_messages: slots.size, expires: FETCH_EXPIRES_MS });
          for await (const msg of batch) {
            if (this.closing) {
              msg.nak();
              continue;
            }
            await slots.acquire();
            const work = this.handle(msg, subject, handler, options).finally(() => {
              slots.release();
              this.inFlight.delete(work);
            });
            this.inFlight.add(work);
          }
        }
      } catch (err) {
        if (!this.closing) {
          this.logger.warn({ msg: 'consumer interrupted; resuming', durable: options.durable, error: String(err) });
          await sleep(1000);
        }
      }
    }
  }

  private async handle(msg: JsMsg, subject: string, handler: MessageHandler, options: JetStreamHandlerOptions): Promise<void> {
    let data: unknown;
    try {
      data = msg.json();
    } catch {
      return this.deadLetter(msg, 'payload is not JSON', options);
    }
    const context = new JetStreamContext([msg, this.nats.relativeSubject(msg.subject)]);
    try {
      const result: unknown = await handler(data, context);
      if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined });
      await this.acks.call(msg);
      // Only a redelivered message can have failures counted (a first delivery never has).
      if (msg.info.deliveryCount > 1) this.forgetFailures(msg);
    } catch (err) {
      await this.onFailure(msg, subject, err, options);
    }
  }

  private async onFailure(msg: JsMsg, subject: string, err: unknown, options: JetStreamHandlerOptions): Promise<void> {
    const deliveries = msg.info.deliveryCount;
    if (err instanceof RetryLaterError) {
      // Debug: deferrals are routine (a click in flight, a receiver's turn) and can come by the thousand.
      this.logger.debug?.({ msg: 'message deferred', subject: msg.subject, seq: msg.info.streamSequence, deliveries, reason: err.message });
      msg.nak(err.delayMs);
      return;
    }
    if (err instanceof PoisonMessageError) return this.deadLetter(msg, err.message, options);
    const unavailable = isInfrastructureUnavailable(err);
    let failures: number | undefined;
    if (!unavailable) {
      // Failures are counted apart from deliveries, which include every deferral: see DeliveryFailures.
      failures = await this.failures.record(msg.info.stream, msg.info.streamSequence).catch((countErr: unknown) => {
        this.logger.warn({ msg: 'failure count unavailable; message will be redelivered uncounted', subject: msg.subject, error: describe(countErr) });
        return undefined;
      });
      if (failures !== undefined && failures >= (options.maxDeliveries ?? DEFAULT_MAX_DELIVERIES)) {
        return this.deadLetter(msg, `failed ${failures} times; last error: ${describe(err)}`, options, failures);
      }
    }
    this.logger.warn({
      msg: unavailable ? 'dependency unavailable; message will be redelivered' : 'handler failed; message will be redelivered',
      subject: msg.subject,
      handler: subject,
      seq: msg.info.streamSequence,
      deliveries,
      failures,
      error: describe(err),
    });
    // A first failure after many deferrals waits a second, not the backoff of a message failing all along.
    msg.nak(redeliveryDelayMs(failures ?? deliveries, options.backoffBaseMs));
  }

  private async deadLetter(msg: JsMsg, reason: string, options: JetStreamHandlerOptions, failures?: number): Promise<void> {
    const original = this.nats.relativeSubject(msg.subject);
    try {
      await this.publisher.publishRaw(`dead-letter.${original}`, msg.data, {
        msgId: `${msg.info.stream}:${msg.info.streamSequence}`,
        headers: {
          [DEAD_LETTER_HEADERS.reason]: reason.slice(0, 1000),
          [DEAD_LETTER_HEADERS.subject]: msg.subject,
          [DEAD_LETTER_HEADERS.stream]: msg.info.stream,
          [DEAD_LETTER_HEADERS.sequence]: String(msg.info.streamSequence),
          [DEAD_LETTER_HEADERS.deliveries]: String(msg.info.deliveryCount),
          ...(failures === undefined ? {} : { [DEAD_LETTER_HEADERS.failures]: String(failures) }),
        },
      });
      this.logger.error({ msg: 'message dead-lettered', subject: msg.subject, seq: msg.info.streamSequence, reason });
      msg.term();
      if (msg.info.deliveryCount > 1) this.forgetFailures(msg);
    } catch (err) {
      // The dead-letter stream could not take it: keep the message where it is and try again.
      this.logger.warn({ msg: 'dead-lettering failed; will retry', subject: msg.subject, error: describe(err) });
      msg.nak(redeliveryDelayMs(msg.info.deliveryCount, options.backoffBaseMs));
    }
  }

  /** In the background: a count left behind only costs a key until the bucket's TTL drops it. */
  private forgetFailures(msg: JsMsg): void {
    const { stream, streamSequence } = msg.info;
    this.failures.forget(stream, streamSequence).catch((err: unknown) => {
      this.logger.debug?.({ msg: 'failure count not removed; it expires', stream, seq: streamSequence, error: describe(err) });
    });
  }

  /** Stops pulling, lets in-flight messages finish (and be acked), then returns. */
  async close(): Promise<void> {
    this.closing = true;
    await Promise.allSettled(this.loops);
    await Promise.allSettled([...this.inFlight]);
  }

  on(): never {
    throw new Error('JetStreamServer does not emit events');
  }

  unwrap<T>(): T {
    return this.nats.connection as T;
  }
}

function describe(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
