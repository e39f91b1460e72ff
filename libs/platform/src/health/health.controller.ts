import { Controller, Get, HttpCode, Inject, Res } from '@nestjs/common';
import { FastifyReply } from 'fastify';
import { HEALTH_CHECKS, HealthCheck } from './health-check';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';

const READINESS = {
  type: 'object',
  properties: {
    status: { type: 'string', enum: ['ok', 'unavailable'] },
    checks: { type: 'object', additionalProperties: { type: 'string', enum: ['up', 'down'] } },
  },
};

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(@Inject(HEALTH_CHECKS) private readonly checks: HealthCheck[]) {}

  /** The process is up; orchestrators restart it when this fails. */
  @Get('live')
  @ApiOperation({ summary: 'The process is up' })
  @ApiResponse({ status: 200, description: 'Up', schema: { type: 'object', properties: { status: { type: 'string', enum: ['ok'] } } } })
  @HttpCode(200)
  live() {
    return { status: 'ok' };
  }

  /** The process can do its work: every dependency answers. Load balancers route on this. */
  @Get('ready')
  @ApiOperation({ summary: 'Every dependency (NATS, and PostgreSQL where used) answers' })
  @ApiResponse({ status: 200, description: 'Ready', schema: READINESS })
  @ApiResponse({ status: 503, description: 'A dependency is down', schema: READINESS })
  async ready(@Res({ passthrough: true }) reply: FastifyReply) {
    const results = await Promise.all(this.checks.map(async (check) => [check.name, await check.isUp().catch(() => false)] as const));
    const ready = results.every(([, up]) => up);
    reply.status(ready ? 200 : 503);
    return { status: ready ? 'ok' : 'unavailable', checks: Object.fromEntries(results.map(([n, up]) => [n, up ? 'up' : 'down'])) };
  }
}
