import { BadRequestException, PipeTransform } from '@nestjs/common';
import { z } from 'zod';

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
    // PostgreSQL text cannot hold NUL; no field of ours has a use for it.
    if (JSON.stringify(value).includes('\\u0000')) throw new BadRequestException('Text fields must not contain NUL (\\u0000) characters');
    const result = this.schema.safeParse(value);
    if (result.success) return result.data;
    const errors = result.error.issues.map((issue) => ({ field: issue.path.join('.') || '(body)', message: issue.message }));
    throw new BadRequestException({
      statusCode: 400,
      error: 'Bad Request',
      message: errors.map((e) => `${e.field}: ${e.message}`).join('; '),
      errors,
    });
  }
}
