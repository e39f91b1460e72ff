import { z } from 'zod';
import { describeIssues } from '@app/config';
import { PoisonMessageError } from './errors';

/** Validates a message against its schema; a message that does not fit can never succeed. */
export function parseMessage<S extends z.ZodTypeAny>(schema: S, payload: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(payload);
  if (!parsed.success) throw new PoisonMessageError(`invalid ${what}: ${describeIssues(parsed.error)}`);
  return parsed.data as z.output<S>;
}
