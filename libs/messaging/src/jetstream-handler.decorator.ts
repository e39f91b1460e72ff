import { EventPattern } from '@nestjs/microservices';
import { StreamSpec } from '@app/domain';

export interface JetStreamHandlerOptions {
  stream: StreamSpec;
  /** The durable consumer; every replica of the service shares it. */
  durable: string;
  /** Messages handled at once by one replica. */
  maxInFlight?: number;
  /** Failures after which a message that keeps failing is dead-lettered; deferrals (RetryLaterError) and outages do not count. */
  maxDeliveries?: number;
  /** First redelivery delay; doubles on each failure up to 30 s. */
  backoffBaseMs?: number;
  /** How long one delivery may take before JetStream hands the message to another replica (default ACK_WAIT_MS, 30 s); longer than the statement timeout. */
  ackWaitMs?: number;
  /**
   * Messages delivered and not yet acknowledged, across replicas, including those waiting out a
   * `RetryLaterError` delay (default 10,000). Past it the consumer receives nothing new.
   */
  maxAckPending?: number;
}

export const JETSTREAM_TRANSPORT = Symbol('JETSTREAM_TRANSPORT');

/**
 * Marks a method as the handler of a JetStream subject (relative to the namespace). The message
 * is acknowledged when the method resolves, so the method must resolve only after its work is
 * committed; see `errors.ts` for how a failure is retried or dead-lettered.
 */
export function JetStreamHandler(subject: string, options: JetStreamHandlerOptions): MethodDecorator {
  return EventPattern(subject, JETSTREAM_TRANSPORT, { jetstream: options });
}
