import { BadRequestException } from '@nestjs/common';
import type { Mode } from '@app/domain';
import { refusedDestination } from './destination-guard';

/**
 * The URL a webhook endpoint is created or changed with: https in live mode (test-mode endpoints
 * may use http), and a public address reachable over the internet (see destination-guard). A 400
 * on the `url` field otherwise.
 */
export function requireAcceptableDestination(mode: Mode, url: string, options: { allowLoopback: boolean }): void {
  if (mode === 'live' && new URL(url).protocol !== 'https:') refuseUrl('live-mode endpoints must use https (test-mode endpoints may use http)');
  const refused = refusedDestination(url, options);
  if (refused) refuseUrl(`${refused}; webhook endpoints must be public addresses reachable over the internet`);
}

function refuseUrl(message: string): never {
  throw new BadRequestException({ statusCode: 400, error: 'Bad Request', message: `url: ${message}`, errors: [{ field: 'url', message }] });
}
