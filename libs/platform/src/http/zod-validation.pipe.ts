import { BadRequestException, PipeTransform } from '@nestjs/common';
import { z } from 'zod';
import { unstorableTextReason } from '@app/domain';

/**
 * Validates a request body against a schema and names every invalid field, so a merchant can
 * fix the whole request at once.
 */
export class ZodValidationPipe<S extends z.ZodTypeAny> implements PipeTransform<unknown, z.output<S>> {
  constructor(private readonly schema: S) {}

  transform(value: unknown): z.output<S> {
    // A POST without a body is an empty object: the schema then names what is required.
    value ??= {};
    if (typeof value !== 'object' || Array.isArray(value)) {
      throw new BadRequestException('The request body must be a JSON object');
    }
    const result = this.schema.safeParse(value);
    // PostgreSQL text cannot hold NUL or an unpaired surrogate, and no field of ours has a use for
    // either: every such string is named, in any field, whether or not the schema reads it as text.
    const unstorable = unstorableStrings(value, []);
    if (result.success && unstorable.length === 0) return result.data as z.output<S>;
    const issues = result.success ? [] : result.error.issues.map((issue) => ({ field: issue.path.join('.') || '(body)', message: issue.message }));
    // A schema that checks storability itself (the Conversion API's) names the same problem once.
    const errors = [...unstorable, ...issues.filter((i) => !unstorable.some((u) => u.field === i.field && u.message === i.message))];
    throw new BadRequestException({
      statusCode: 400,
      error: 'Bad Request',
      message: errors.map((e) => `${e.field}: ${e.message}`).join('; '),
      errors,
    });
  }
}

/** Each string in a JSON value that PostgreSQL cannot store, with its path and why. */
function unstorableStrings(value: unknown, path: string[]): Array<{ field: string; message: string }> {
  if (typeof value === 'string') {
    const reason = unstorableTextReason(value);
    return reason ? [{ field: path.join('.') || '(body)', message: reason }] : [];
  }
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, v]) => {
      const keyReason = unstorableTextReason(key);
      return [...(keyReason ? [{ field: [...path, key].join('.'), message: `the key ${keyReason}` }] : []), ...unstorableStrings(v, [...path, key])];
    });
  }
  return [];
}
