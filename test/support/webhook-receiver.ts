import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { verifyWebhookSignature, WEBHOOK_SIGNATURE_HEADER } from '@app/domain';

export interface ReceivedRequest {
  eventId: string | null;
  body: string;
  signatureValid: boolean;
  signatureError: string | null;
  answered: number;
}

/**
 * A merchant's webhook receiver on loopback: it verifies each request with the shared helper,
 * answers what `answer` says, and keeps every request and every event it accepted (deduplicated
 * by event id, as a receiver should).
 */
export class WebhookReceiver {
  readonly requests: ReceivedRequest[] = [];
  /** Event id -> how many times it was answered with 2xx (a correct system makes this 1). */
  readonly accepted = new Map<string, number>();
  readonly events = new Map<string, any>();
  /** Requests being answered right now, and the most there were at once. */
  inFlight = 0;
  maxInFlight = 0;
  /** The status to answer a validly signed request with; invalid signatures get 400. */
  answer: (request: ReceivedRequest) => number | 'hang' = () => 200;

  private constructor(
    private readonly server: Server,
    public secret: string,
  ) {}

  static async start(secret = '', port = 0): Promise<WebhookReceiver> {
    let receiver!: WebhookReceiver;
    const server = createServer((req, res) => void receiver.handle(req, res));
    receiver = new WebhookReceiver(server, secret);
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', resolve));
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/webhooks`;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    res.once('close', () => this.inFlight--);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const request: ReceivedRequest = { eventId: null, body, signatureValid: false, signatureError: null, answered: 0 };
    try {
      verifyWebhookSignature(this.secret, body, req.headers[WEBHOOK_SIGNATURE_HEADER] as string | undefined);
      request.signatureValid = true;
      request.eventId = JSON.parse(body).id;
    } catch (err) {
      request.signatureError = (err as Error).message;
    }
    this.requests.push(request);
    const status = request.signatureValid ? this.answer(request) : 400;
    if (status === 'hang') return; // never answers; the sender's timeout ends it
    request.answered = status;
    if (status >= 200 && status < 300 && request.eventId) {
      this.accepted.set(request.eventId, (this.accepted.get(request.eventId) ?? 0) + 1);
      this.events.set(request.eventId, JSON.parse(body));
    }
    res.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : 'not now');
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}
