import { Logger } from '@nestjs/common';
import { ErrorCode, JSONCodec, NatsError, Subscription } from 'nats';
import { MessagingUnavailableError } from './errors';
import { NatsClient } from './nats-client';
import { Semaphore } from './semaphore';

const json = JSONCodec();

/** Nobody answered in time (or at all): the caller cannot tell whether the work was done. */
export class RequestUnansweredError extends MessagingUnavailableError {
  constructor(
    reason: string,
    /** True when no replica was listening, so nothing can have been done. */
    readonly noResponders: boolean,
  ) {
    super(
      reason,
      noResponders
        ? 'The service that decides this request is not running; nothing was recorded. Retry shortly'
        : 'No answer in time; the request may have been carried out. Retry it unchanged',
    );
    this.name = 'RequestUnansweredError';
  }
}

/**
 * Core NATS request-reply, for questions whose answer the caller waits for (nothing is stored on
 * the way, so the caller keeps the request until it has an answer).
 */
export async function requestReply<T>(nats: NatsClient, relativeSubject: string, payload: unknown, timeoutMs: number): Promise<T> {
  if (!nats.isConnected) throw new RequestUnansweredError('NATS is not connected', true);
  try {
    const reply = await nats.connection.request(nats.subject(relativeSubject), json.encode(payload), { timeout: timeoutMs });
    return json.decode(reply.data) as T;
  } catch (err) {
    const code = (err as NatsError).code;
    throw new RequestUnansweredError(`no answer on ${relativeSubject}: ${(err as Error).message}`, code === (ErrorCode.NoResponders as string));
  }
}

/**
 * Answers requests on a subject as one member of a queue group, so each request goes to one
 * replica. `handle` must return the reply; an error it throws is answered with `onError`, which logs it.
 */
export class RequestResponder {
  private readonly logger = new Logger(RequestResponder.name);
  private readonly inFlight = new Set<Promise<void>>();
  private readonly slots: Semaphore;
  private subscription?: Subscription;
  private loop?: Promise<void>;

  constructor(
    private readonly nats: NatsClient,
    private readonly relativeSubject: string,
    private readonly queue: string,
    private readonly handle: (data: unknown) => Promise<unknown>,
    private readonly onError: (err: unknown) => unknown,
    maxInFlight = 32,
  ) {
    this.slots = new Semaphore(maxInFlight);
  }

  start(): void {
    const subscription = this.nats.connection.subscribe(this.nats.subject(this.relativeSubject), { queue: this.queue });
    this.subscription = subscription;
    this.loop = (async () => {
      for await (const msg of subscription) {
        await this.slots.acquire();
        const work = (async () => {
          let reply: unknown;
          try {
            reply = await this.handle(msg.data.length ? json.decode(msg.data) : undefined);
          } catch (err) {
            // onError logs it at the level its kind deserves (a passing outage is no bug).
            this.logger.debug?.({ msg: 'request failed', subject: this.relativeSubject, error: (err as Error)?.message ?? String(err) });
            reply = this.onError(err);
          }
          msg.respond(json.encode(reply));
        })().finally(() => {
          this.slots.release();
          this.inFlight.delete(work);
        });
        this.inFlight.add(work);
      }
    })();
  }

  /** Stops taking requests and answers those already taken. */
  async stop(): Promise<void> {
    if (this.subscription && !this.subscription.isClosed()) await this.subscription.drain().catch(() => undefined);
    await this.loop;
    await Promise.allSettled([...this.inFlight]);
  }
}
