import { Controller, Get, HttpCode, Inject, Res } from '@nestjs/common';
import { FastifyReply } from 'fastify';
import { HEALTH_CHECKS, HealthCheck } from './health-check';

@Controller('health')
export class HealthController {
  constructor(@Inject(HEALTH_CHECKS) private readonly checks: HealthCheck[]) {}

  /** The process is up; orchestrators restart it when this fails. */
  @Get('live')
  @HttpCode(200)
  live() {
    return { status: 'ok' };
  }

  /** The process can do its work: every dependency answers. Load balancers route on this. */
  @Get('ready')
  async ready(@Res({ passthrough: true }) reply: FastifyReply) {
    const results = await Promise.all(
      this.checks.map(async (check) => [check.name, await check.isUp().catch(() => false)] as const),
    );
    const ready = results.every(([, up]) => up);
    reply.status(ready ? 200 : 503);
    return { status: ready ? 'ok' : 'unavailable', checks: Object.fromEntries(results.map(([n, up]) => [n, up ? 'up' : 'down'])) };
  }
}
