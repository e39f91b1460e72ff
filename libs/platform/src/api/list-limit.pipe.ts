import { BadRequestException, PipeTransform } from '@nestjs/common';

export const DEFAULT_LIST_LIMIT = 50;
export const MAX_LIST_LIMIT = 100;

/** A list's `limit` query parameter: a whole number from 1 to 100, 50 when absent. */
export class ListLimitPipe implements PipeTransform<string | undefined, number> {
  transform(value: string | undefined): number {
    const limit = value === undefined ? DEFAULT_LIST_LIMIT : Number(value);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIST_LIMIT)
      throw new BadRequestException(`limit must be a whole number from 1 to ${MAX_LIST_LIMIT}`);
    return limit;
  }
}
