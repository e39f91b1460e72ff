import { Inject, Injectable, Optional } from '@nestjs/common';
import { request as httpRequest, IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Socket } from 'node:net';
import { signWebhookPayload, WEBHOOK_SIGNATURE_HEADER } from '@app/domain';
import { ATTRIBUTION_CONFIG, AttributionConfig } from '../config';
import { guardedLookup, RefusedDestinationError, refusedAddress, refusedDestination, Resolver, systemResolver } from './destination-guard';

const RESPONSE_EXCERPT_CHARS = 500;
/** At most this much of an answer is read; the rest is dropped with the connection, so a huge answer costs nothing. */
export const RESPONSE_READ_LIMIT_BYTES = 4096;

/** Injected in place of DNS by tests, so no test ever connects to a non-loopback address. */
export const WEBHOOK_RESOLVER = Symbol('WEBHOOK_RESOLVER');

export interface SendResult {
  ok: boolean;
  statusCode: number | null;
  /** Why it failed, in words an operator can act on; null on a 2xx. */
  error: string | null;
  responseExcerpt: string | null;
  attemptedAt: Date;
  durationMs: number;
}

/**
 * What of an answer is kept: a prefix, as text PostgreSQL can store (a NUL byte cannot be stored
 * in a text column, and would make the attempt unsavable).
 */
export function responseExcerpt(body: Buffer): string | null {
  const text = body.toString('utf8').slice(0, RESPONSE_EXCERPT_CHARS).replaceAll('\u0000', '\uFFFD');
  return text || null;
}

/** One signed POST of an event body to an endpoint. Never throws: every outcome is a result. */
@Injectable()
export class WebhookSender {
  private readonly resolver: Resolver;

  constructor(
    @Inject(ATTRIBUTION_CONFIG) private readonly config: AttributionConfig,
    @Optional() @Inject(WEBHOOK_RESOLVER) resolver?: Resolver,
  ) {
    this.resolver = resolver ?? systemResolver;
  }

  async send(request: { url: string; secret: string; body: string; eventId: string; deliveryId: string }): Promise<SendResult> {
    const attemptedAt = new Date();
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    const policy = { allowLoopback: this.config.WEBHOOK_ALLOW_LOOPBACK };
    // Checked again at send time: the URL may have been stored before the rule, or under another setting.
    const refused = refusedDestination(request.url, policy);
    if (refused) return { ok: false, statusCode: null, error: `refused: the URL ${refused}`, responseExcerpt: null, attemptedAt, durationMs: elapsed() };
    try {
      const { statusCode, body } = await this.post(request, policy);
      const ok = statusCode >= 200 && statusCode < 300;
      return {
        ok,
        statusCode,
        error: ok ? null : `the endpoint answered ${statusCode}`,
        responseExcerpt: responseExcerpt(body),
        attemptedAt,
        durationMs: elapsed(),
      };
    } catch (err) {
      const e = err as Error & { code?: string };
      const reason =
        e.name === 'TimeoutError' || e.name === 'AbortError'
          ? `no answer within ${this.config.WEBHOOK_TIMEOUT_MS} ms`
          : err instanceof RefusedDestinationError
            ? `refused: ${e.message}`
            : (e.code ?? e.message);
      return {
        ok: false,
        statusCode: null,
        error: `request failed: ${reason}`.replaceAll('\u0000', ''),
        responseExcerpt: null,
        attemptedAt,
        durationMs: elapsed(),
      };
    }
  }

  private post(request: { url: string; secret: string; body: string; eventId: string; deliveryId: string }, policy: { allowLoopback: boolean }) {
    const url = new URL(request.url);
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise<{ statusCode: number; body: Buffer }>((resolve, reject) => {
      const req = send(
        url,
        {
          method: 'POST',
          // Signed at send time with the secret as it is now: a rotation takes effect at once.
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(request.body),
            'user-agent': 'Selgeo-Webhooks/1.0',
            [WEBHOOK_SIGNATURE_HEADER]: signWebhookPayload(request.secret, request.body),
            'x-selgeo-event-id': request.eventId,
            'x-selgeo-delivery-id': request.deliveryId,
          },
          // No pooled connection: each delivery resolves and checks its destination afresh.
          agent: false,
          lookup: guardedLookup(this.resolver, policy),
          signal: AbortSignal.timeout(this.config.WEBHOOK_TIMEOUT_MS),
        },
        // A redirect is not a delivery (and is never followed): the receiver must answer at the URL it registered.
        (response: IncomingMessage) => {
          const chunks: Buffer[] = [];
          let read = 0;
          const done = () => resolve({ statusCode: response.statusCode ?? 0, body: Buffer.concat(chunks).subarray(0, RESPONSE_READ_LIMIT_BYTES) });
          response.on('data', (chunk: Buffer) => {
            chunks.push(chunk);
            read += chunk.length;
            if (read >= RESPONSE_READ_LIMIT_BYTES) {
              done();
              req.destroy();
            }
          });
          response.on('end', done);
          response.on('error', done);
          response.on('aborted', done);
        },
      );
      // The address actually connected to, whatever resolved it: the last word against rebinding.
      req.on('socket', (socket: Socket) => {
        socket.once('connect', () => {
          const refused = socket.remoteAddress ? refusedAddress(socket.remoteAddress, policy) : 'an unknown address';
          if (refused) req.destroy(new RefusedDestinationError(`connected to ${refused}`));
        });
      });
      req.on('error', reject);
      req.end(request.body);
    });
  }
}
