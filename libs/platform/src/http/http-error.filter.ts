import { ArgumentsHost, Catch, HttpException, HttpServer, HttpStatus, NotFoundException } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { STATUS_CODES } from 'node:http';
import { FastifyReply, FastifyRequest } from 'fastify';

/** Which service serves which paths, so a request sent to the wrong one is told where to go. */
const SERVED_BY: Array<{ service: string; port: number; paths: RegExp }> = [
  { service: 'tracking', port: 3001, paths: /^\/(v1\/(clicks|partners|selgeo\.js)|r\/)/ },
  { service: 'webhook-ingest', port: 3002, paths: /^\/(webhooks\/stripe|api\/v1\/conversions)/ },
  { service: 'attribution', port: 3003, paths: /^\/v1\/(conversions|stripe-events|webhook-endpoints|webhook-deliveries)/ },
];

/**
 * One error shape everywhere, `{ statusCode, error, message }` (plus `errors` or `code` where a
 * handler adds them): Nest's exceptions, and what Fastify refuses before a handler runs (malformed
 * JSON, a body too large, an unsupported content type). A path this service does not serve is
 * answered with the service that does. Anything else is Nest's: a logged 500.
 */
@Catch()
export class HttpErrorFilter extends BaseExceptionFilter {
  constructor(
    private readonly serviceName: string,
    httpAdapter: HttpServer,
  ) {
    super(httpAdapter);
  }

  override catch(error: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (error instanceof NotFoundException && /^Cannot [A-Z]+ /.test(error.message)) {
      return send(reply, 404, this.notServedHere(host.switchToHttp().getRequest<FastifyRequest>()));
    }
    let status: unknown = (error as { statusCode?: unknown })?.statusCode;
    let body: Record<string, unknown> = { message: (error as Error)?.message };
    if (error instanceof HttpException) {
      const retryAfter = (error as { retryAfterSeconds?: unknown }).retryAfterSeconds;
      if (typeof retryAfter === 'number') reply.header('retry-after', String(retryAfter));
      const answer = error.getResponse();
      status = error.getStatus();
      body = typeof answer === 'string' ? { message: answer } : (answer as Record<string, unknown>);
    } else if (typeof status !== 'number' || status < 400 || status >= 500) {
      return super.catch(error, host);
    }
    if (status === 415 && body.message === 'Unsupported Media Type') {
      const contentType = host.switchToHttp().getRequest<FastifyRequest>().headers['content-type'] ?? '';
      body = { message: `Unsupported content type ${JSON.stringify(contentType)}: send JSON, with the header "content-type: application/json"` };
    }
    send(reply, status as number, body);
  }

  private notServedHere(request: FastifyRequest): { message: string } {
    const path = request.url.split('?')[0];
    const owner = SERVED_BY.find((s) => s.paths.test(path));
    const route = `${request.method} ${path}`;
    if (owner && owner.service !== this.serviceName) {
      return { message: `${route} is served by the ${owner.service} service (port ${owner.port} when started with npm start), not by ${this.serviceName}` };
    }
    return { message: `${this.serviceName} has no ${route}; its routes are listed in its OpenAPI document, GET /openapi.json` };
  }
}

function send(reply: FastifyReply, status: number, body: Record<string, unknown>): void {
  reply.status(status).send({ ...body, statusCode: status, error: (body.error as string) ?? STATUS_CODES[status] ?? HttpStatus[status] });
}
