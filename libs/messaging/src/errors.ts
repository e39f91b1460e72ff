/**
 * How a message handler tells the transport what to do with a message it did not finish.
 * Any other error is treated as transient: retried with backoff, and dead-lettered only after
 * `maxDeliveries` attempts that were not caused by an unavailable database or broker.
 */

/** The message can never succeed (malformed, violates the schema): dead-letter it now. */
export class PoisonMessageError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'PoisonMessageError';
  }
}

/** Not yet: redeliver after `delayMs` (e.g. a click id that may still be in flight). */
export class RetryLaterError extends Error {
  constructor(
    reason: string,
    readonly delayMs: number,
  ) {
    super(reason);
    this.name = 'RetryLaterError';
  }
}

/** Thrown by publishers when the message could not be durably stored. */
export class MessagingUnavailableError extends Error {
  constructor(
    reason: string,
    /** What an HTTP caller is told with the 503; the reason itself is only logged. */
    readonly publicMessage = 'Temporarily unable to store this request durably; retry shortly',
  ) {
    super(reason);
    this.name = 'MessagingUnavailableError';
  }
}

const CONNECTION_ERROR_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * Errors that say "the database or broker is down", as opposed to "this message is bad". They
 * never count toward dead-lettering: an outage of any length must not move good messages aside.
 */
export function isInfrastructureUnavailable(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const e = err as { code?: unknown; message?: unknown; driverError?: unknown };
  const code = typeof e.code === 'string' ? e.code : undefined;
  if (code && CONNECTION_ERROR_CODES.has(code)) return true;
  // PostgreSQL SQLSTATE classes: 08 connection exception, 57P0x shutdown, 53 insufficient resources.
  if (code && (/^08/.test(code) || /^57P0/.test(code) || /^53/.test(code))) return true;
  if (e instanceof MessagingUnavailableError) return true;
  const message = typeof e.message === 'string' ? e.message : '';
  if (/Connection terminated|connection (is )?closed|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(message)) {
    return true;
  }
  return e.driverError ? isInfrastructureUnavailable(e.driverError) : false;
}

/** The SQLSTATE of a PostgreSQL error, as pg throws it or wrapped by TypeORM; undefined otherwise. */
export function sqlStateOf(err: unknown): string | undefined {
  if (!err || typeof err !== 'object') return undefined;
  const e = err as { code?: unknown; driverError?: unknown };
  if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) return e.code;
  return e.driverError ? sqlStateOf(e.driverError) : undefined;
}

/**
 * Failures that pass on their own with a retry of the same work: a serialization failure or
 * deadlock (class 40), a lock not available (55P03), a statement cancelled by its timeout (57014).
 */
export function isTransientDatabaseError(err: unknown): boolean {
  const state = sqlStateOf(err);
  return state !== undefined && (/^40/.test(state) || state === '55P03' || state === '57014');
}

/** Data the database refuses to store (class 22, data exception): the same input fails every time. */
export function isDataRefusedByDatabase(err: unknown): boolean {
  return /^22/.test(sqlStateOf(err) ?? '');
}
