import { Inject, Injectable } from '@nestjs/common';
import { signWebhookPayload, WEBHOOK_SIGNATURE_HEADER } from '@app/domain';
import { ATTRIBUTION_CONFIG, AttributionConfig } from '../config';

const RESPONSE_EXCERPT_CHARS = 500;

export interface SendResult {
  ok: boolean;
  statusCode: number | null;
  /** Why it failed, in words an operator can act on; null on a 2xx. */
  error: string | null;
  responseExcerpt: string | null;
  attemptedAt: Date;
  durationMs: number;
}

/** One signed POST of an event body to an endpoint. Never throws: every outcome is a result. */
@Injectable()
export class WebhookSender {
  constructor(@Inject(ATTRIBUTION_CONFIG) private readonly config: AttributionConfig) {}

  async send(request: { url: string; secret: string; body: string; eventId: string; deliveryId: string }): Promise<SendResult> {
    const attemptedAt = new Date();
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    try {
      const response = await fetch(request.url, {
        method: 'POST',
        // Signed at send time with the secret as it is now: a rotation takes effect at once.
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Selgeo-Webhooks/1.0',
          [WEBHOOK_SIGNATURE_HEADER]: signWebhookPayload(request.secret, request.body),
          'x-selgeo-event-id': request.eventId,
          'x-selgeo-delivery-id': request.deliveryId,
        },
        body: request.body,
        // A redirect is not a delivery: the receiver must answer at the URL it registered.
        redirect: 'manual',
        signal: AbortSignal.timeout(this.config.WEBHOOK_TIMEOUT_MS),
      });
      const text = await response.text().catch(() => '');
      const ok = response.status >= 200 && response.status < 300;
      return {
        ok,
        statusCode: response.status,
        error: ok ? null : `the endpoint answered ${response.status}`,
        responseExcerpt: text.slice(0, RESPONSE_EXCERPT_CHARS) || null,
        attemptedAt,
        durationMs: elapsed(),
      };
    } catch (err) {
      const e = err as Error & { cause?: { code?: string; message?: string } };
      const reason = e.name === 'TimeoutError' ? `no answer within ${this.config.WEBHOOK_TIMEOUT_MS} ms` : (e.cause?.code ?? e.cause?.message ?? e.message);
      return { ok: false, statusCode: null, error: `request failed: ${reason}`, responseExcerpt: null, attemptedAt, durationMs: elapsed() };
    }
  }
}
