import { All, BadRequestException, Controller, ForbiddenException, HttpException, NotFoundException, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isMode } from '@app/domain';
import { Session, SessionGuard, SignedInSession } from '../sessions/session.guard';
import { ServiceForwarder } from './service-forwarder';
import { FORWARDED_METHODS, onlyOwnersMay, serviceFor } from './service-routes';

/**
 * `/api/{test|live}/v1/...`: the services' own API, called with the session's key for that mode,
 * so every answer (and every refusal) is the service's, scoped to the session's workspace.
 */
@ApiExcludeController()
@Controller('api')
@UseGuards(SessionGuard)
export class ForwardController {
  constructor(private readonly forwarder: ServiceForwarder) {}

  @All(':mode/*')
  async forward(@Session() session: SignedInSession, @Req() request: FastifyRequest & { rawBody?: Buffer }, @Res() reply: FastifyReply): Promise<void> {
    const url = new URL(request.url, 'http://dashboard');
    const [, , mode, ...rest] = url.pathname.split('/');
    if (!isMode(mode)) throw new BadRequestException(`The mode in /api/${mode}/... must be test or live`);
    const path = `/${rest.join('/')}`;
    const service = serviceFor(path);
    if (!service) throw new NotFoundException(`${request.method} ${path} is not part of the API the dashboard forwards`);
    if (!FORWARDED_METHODS.has(request.method)) throw new HttpException(`${request.method} is not a method of the API`, 405);
    if (onlyOwnersMay(request.method, path) && session.user.role !== 'owner') {
      throw new ForbiddenException("Only the workspace's owners change API keys, Stripe signing secrets, settings and the commission plan");
    }
    const answer = await this.forwarder.forward(service, {
      method: request.method,
      pathAndQuery: `${path}${url.search}`,
      key: session.secrets.keyFor(mode),
      headers: request.headers,
      body: request.rawBody,
    });
    reply.status(answer.status);
    for (const [name, value] of Object.entries(answer.headers)) reply.header(name, value);
    await reply.send(answer.body);
  }
}
