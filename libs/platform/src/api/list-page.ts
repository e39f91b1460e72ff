import { applyDecorators, BadRequestException, Get } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiQueryOptions } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger';
import { isUuid } from '@app/domain';
import { ApiAnswers, listOf } from '../openapi/openapi';
import { DEFAULT_LIST_LIMIT, MAX_LIST_LIMIT } from './list-limit.pipe';

/** A page of a list as the API answers it. */
export interface ListPage<V> {
  object: 'list';
  data: V[];
  has_more: boolean;
}

/**
 * The query parameters of a list of `what`s, documented in this order: `limit`, `starting_after`,
 * then the list's own filters (strings unless they say otherwise).
 */
export const ApiPageQueries = (what: string, ...filters: ApiQueryOptions[]) =>
  applyDecorators(
    ...[
      { name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: MAX_LIST_LIMIT, default: DEFAULT_LIST_LIMIT } },
      { name: 'starting_after', required: false, description: `The last ${what} id of the previous page` },
      ...filters,
    ].map((query) => ApiQuery({ schema: { type: 'string' }, ...query })),
  );

/**
 * `GET path` answering a page of a list of `what`s: its summary, its queries (ApiPageQueries) and a
 * page of `item`s, or 400 for a bad query, 401, 403. The handler takes `limit` through ListLimitPipe.
 */
export const ListEndpoint = (
  path: string,
  list: { what: string; summary: string; description: string; item: SchemaObject },
  ...filters: ApiQueryOptions[]
): MethodDecorator =>
  // In the order the decorators were stacked on each list route before (the document's parameter order follows it).
  applyDecorators(
    ApiAnswers({ status: 200, description: list.description, schema: listOf(list.item) }, 400, 401, 403),
    ApiPageQueries(list.what, ...filters),
    ApiOperation({ summary: list.summary }),
    Get(path),
  );

/**
 * A page of a list, newest first, after the `starting_after` cursor: the cursor is looked up in the
 * caller's workspace and mode (400 when it names nothing there), one row more than `take` is read to
 * know whether more follow, and the rows are answered presented. Ids are UUIDs unless `idOf` says
 * otherwise: it answers the id as looked up, or null for one that names nothing.
 */
export async function listPage<R, V>(
  what: string,
  take: number,
  startingAfter: string | undefined,
  rows: { find: (id: string) => Promise<R | null>; list: (limit: number, after: R | undefined) => Promise<R[]> },
  present: (row: R) => V,
  idOf: (id: string) => string | null = (id) => (isUuid(id) ? id.toLowerCase() : null),
): Promise<ListPage<V>> {
  let cursor: R | undefined;
  if (startingAfter !== undefined) {
    const id = typeof startingAfter === 'string' ? idOf(startingAfter) : null;
    cursor = (id === null ? null : await rows.find(id)) ?? undefined;
    if (!cursor) throw new BadRequestException(`starting_after must be the id of a ${what} from a previous page`);
  }
  const page = await rows.list(take + 1, cursor);
  return { object: 'list', data: page.slice(0, take).map((row) => present(row)), has_more: page.length > take };
}
