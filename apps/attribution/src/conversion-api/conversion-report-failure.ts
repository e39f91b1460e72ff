import { ZodError } from 'zod';
import { ConversionReportRefusal } from '@app/domain';
import { isDataRefusedByDatabase, isInfrastructureUnavailable, isTransientDatabaseError } from '@app/messaging';

export interface ConversionReportFailure {
  reply: ConversionReportRefusal;
  /** A passing outage is a warning; a failure no retry can fix is a bug, logged as an error. */
  level: 'warn' | 'error';
}

/**
 * What the merchant is told when a Conversion API call failed in attribution. Only a failure that
 * a retry of the same call can get past is a 503 "retry": a merchant's client retries those, so a
 * permanent failure answered that way would be retried forever and never reported.
 */
export function conversionReportFailure(err: unknown): ConversionReportFailure {
  if (err instanceof ZodError) {
    return { level: 'warn', reply: { status: 400, code: 'invalid_request', message: err.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') } };
  }
  if (isInfrastructureUnavailable(err) || isTransientDatabaseError(err)) {
    const message = 'Attribution could not record the conversion just now; retry the same call shortly';
    return { level: 'warn', reply: { status: 503, code: 'attribution_busy', message } };
  }
  if (isDataRefusedByDatabase(err)) {
    // PostgreSQL's own words name the value it refused (e.g. "invalid byte sequence"); they carry no secret.
    const e = err as { detail?: unknown; driverError?: { detail?: unknown } };
    const detail = e.detail ?? e.driverError?.detail;
    const reason = `${err instanceof Error ? err.message : String(err)}${typeof detail === 'string' ? `: ${detail}` : ''}`;
    return {
      level: 'warn',
      reply: {
        status: 400,
        code: 'invalid_request',
        message: `The database refused a value of this conversion (${reason}); correct the request and send it again`,
      },
    };
  }
  return {
    level: 'error',
    reply: {
      status: 500,
      code: 'internal_error',
      message: 'Attribution failed to record the conversion because of an error on our side; it is logged. Retrying will not help',
    },
  };
}
