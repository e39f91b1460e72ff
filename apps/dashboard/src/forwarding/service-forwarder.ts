import { BadGatewayException, GatewayTimeoutException, HttpException, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import type { IncomingHttpHeaders } from 'node:http';
import { DASHBOARD_CONFIG, DashboardConfig } from '../config';
import { ForwardedService } from './service-routes';

/** What is passed on, each way: the body's description and the headers a page acts on; never cookies. */
const REQUEST_HEADERS = ['content-type', 'idempotency-key', 'accept'];
const ANSWER_HEADERS = ['content-type', 'content-disposition', 'retry-after', 'cache-control'];
const TIMEOUT_MS = 15_000;

export interface ForwardedRequest {
  method: string;
  pathAndQuery: string;
  key: string;
  headers: IncomingHttpHeaders;
  body?: Buffer;
}

export interface ForwardedAnswer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

@Injectable()
export class ServiceForwarder {
  private readonly baseUrls: Record<ForwardedService, string>;

  constructor(@Inject(DASHBOARD_CONFIG) config: DashboardConfig) {
    this.baseUrls = { tracking: config.TRACKING_URL, attribution: config.ATTRIBUTION_URL, commissions: config.COMMISSIONS_URL };
  }

  async forward(service: ForwardedService, request: ForwardedRequest): Promise<ForwardedAnswer> {
    const headers: Record<string, string> = { authorization: `Bearer ${request.key}` };
    for (const name of REQUEST_HEADERS) {
      const value = request.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    const hasBody = !['GET', 'HEAD'].includes(request.method) && request.body !== undefined && request.body.length > 0;
    let response: Response;
    try {
      response = await fetch(`${this.baseUrls[service].replace(/\/$/, '')}${request.pathAndQuery}`, {
        method: request.method,
        headers,
        body: hasBody ? new Uint8Array(request.body!) : undefined,
        redirect: 'manual',
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (err) {
      if ((err as Error).name === 'TimeoutError')
        throw new GatewayTimeoutException(`The ${service} service did not answer within ${TIMEOUT_MS / 1000} s; try again`);
      throw new BadGatewayException(`The ${service} service cannot be reached right now; try again in a moment`);
    }
    const answerHeaders: Record<string, string> = {};
    for (const name of ANSWER_HEADERS) {
      const value = response.headers.get(name);
      if (value !== null) answerHeaders[name] = value;
    }
    return { status: response.status, headers: answerHeaders, body: Buffer.from(await response.arrayBuffer()) };
  }

  /**
   * One call of the server's own (not the browser's), answered as JSON: a refusal of the request
   * (400, 404, 409, ...) is passed on with the service's message, a refused key means the session
   * ended meanwhile (401), and a service that fails is a 502.
   */
  async call<T>(service: ForwardedService, key: string, method: string, pathAndQuery: string, json?: unknown): Promise<T> {
    const answer = await this.forward(service, {
      method,
      pathAndQuery,
      key,
      headers: json === undefined ? {} : { 'content-type': 'application/json' },
      body: json === undefined ? undefined : Buffer.from(JSON.stringify(json)),
    });
    let body: { message?: unknown } | null = null;
    try {
      body = JSON.parse(answer.body.toString('utf8')) as { message?: unknown };
    } catch {
      // not JSON: answered below by its status
    }
    if (answer.status < 300 && body !== null) return body as T;
    if (answer.status === 401 || answer.status === 403) throw new UnauthorizedException('You are not signed in, or your session has ended: sign in again');
    if (answer.status >= 400 && answer.status < 500 && typeof body?.message === 'string') throw new HttpException(body.message, answer.status);
    throw new BadGatewayException(`The ${service} service could not answer (${answer.status}); try again in a moment`);
  }
}

/** The workspace's name from its settings, as tracking answers them; `fallback` when tracking cannot say. */
export async function workspaceNameOr<F>(fallback: F, settings: () => Promise<{ workspace_name?: string }>): Promise<string | F> {
  try {
    return (await settings()).workspace_name ?? fallback;
  } catch {
    return fallback;
  }
}
