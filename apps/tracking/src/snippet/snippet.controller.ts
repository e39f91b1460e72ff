import { Controller, Get, Headers, Inject, Res } from '@nestjs/common';
import { FastifyReply } from 'fastify';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { TrackingConfig } from '../config';
import { TRACKING_CONFIG } from '../tracking.config.token';
import { ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';

/**
 * Serves the browser snippet. It is read once at start-up (built by scripts/build-snippet.js);
 * a missing build stops the service with a message saying how to build it.
 */
@ApiTags('snippet')
@Controller('v1')
export class SnippetController {
  private readonly body: string;
  private readonly etag: string;

  constructor(@Inject(TRACKING_CONFIG) config: TrackingConfig) {
    try {
      this.body = readFileSync(config.SNIPPET_PATH, 'utf8');
    } catch {
      throw new Error(
        `The snippet is not built at ${config.SNIPPET_PATH}: run "node scripts/build-snippet.js" (npm start and npm test do), or set SNIPPET_PATH`,
      );
    }
    this.etag = `"${createHash('sha256').update(this.body).digest('hex').slice(0, 32)}"`;
  }

  @Get('selgeo.js')
  @ApiOperation({ summary: 'The browser snippet (window.__selgeo)' })
  @ApiProduces('application/javascript')
  @ApiResponse({ status: 200, description: 'The script; cacheable for 5 minutes, with an ETag' })
  @ApiResponse({ status: 304, description: 'Not modified (If-None-Match matched the ETag)' })
  serve(@Res() reply: FastifyReply, @Headers('if-none-match') ifNoneMatch?: string) {
    reply
      .header('content-type', 'application/javascript; charset=utf-8')
      // Short, so a new version reaches every page within minutes; revalidation is cheap with the ETag.
      .header('cache-control', 'public, max-age=300, stale-while-revalidate=86400')
      .header('etag', this.etag)
      .header('cross-origin-resource-policy', 'cross-origin')
      .header('x-content-type-options', 'nosniff');
    if (ifNoneMatch === this.etag) return reply.status(304).send();
    return reply.status(200).send(this.body);
  }
}
