import { verifyWebhookSignature, WebhookEvent } from '@app/domain';

export interface ReceivedRequest {
  eventId: string | null;
  body: string;
  signatureValid: boolean;
  signatureError: string | null;
  answered: number;
}

/** The loopback receiver of scripts/webhook-receiver.js, typed, verifying with the shared helper. */
export interface WebhookReceiver {
  readonly url: string;
  secret: string;
  /** The status to answer a validly signed request with, or 'hang'; invalid signatures get 400. */
  answer: (request: ReceivedRequest) => number | 'hang';
  readonly requests: ReceivedRequest[];
  /** Event id -> how many times it was answered with 2xx (a correct system makes this 1). */
  readonly accepted: Map<string, number>;
  readonly events: Map<string, WebhookEvent & Record<string, any>>;
  readonly maxInFlight: number;
  close(): Promise<void>;
}

// The receiver is a plain CommonJS script (also run on its own by `node scripts/webhook-receiver.js`),
// without type declarations: required here and given its type.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startReceiver } = require('../../scripts/webhook-receiver') as {
  startReceiver: (options: { port?: number; verify: typeof verifyWebhookSignature }) => Promise<WebhookReceiver>;
};

export function startWebhookReceiver(port = 0): Promise<WebhookReceiver> {
  return startReceiver({ port, verify: verifyWebhookSignature });
}
