import { BadRequestException } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ApiKeyIdentity, isUuid, Mode } from '@app/domain';
import { listPage, ListPage } from '@app/platform';
import { CURRENCY } from '../core/terms';
import { PageFilter } from '../store/workspace-queries';

/** A parameter given twice arrives as an array: refused rather than guessed at. */
function once(name: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new BadRequestException(`${name} must be given once`);
  return value;
}

/** Query parameters, each refused with a message naming the parameter and what it takes. */
export const params = {
  once,
  partnerId(value: string | undefined): string | undefined {
    value = once('partner_id', value);
    if (value === undefined) return undefined;
    if (!isUuid(value)) throw new BadRequestException('partner_id must be a partner id (a UUID)');
    return value.toLowerCase();
  },
  currency(value: string | undefined): string | undefined {
    value = once('currency', value);
    if (value === undefined) return undefined;
    const c = value.toLowerCase();
    if (!CURRENCY.test(c)) throw new BadRequestException('currency must be an ISO 4217 currency code such as usd');
    return c;
  },
  /** One of a list's statuses. */
  status<S extends string>(value: string | undefined, statuses: readonly S[]): S | undefined {
    value = once('status', value);
    if (value === undefined) return undefined;
    if (!(statuses as readonly string[]).includes(value)) throw new BadRequestException(`status must be one of ${statuses.join(', ')}`);
    return value as S;
  },
  /** An ISO 8601 date or date-time. */
  date(name: string, value: string | undefined): Date | undefined {
    value = once(name, value);
    if (value === undefined) return undefined;
    const d = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2}))?$/.test(value) ? new Date(value) : new Date(NaN);
    if (Number.isNaN(d.getTime())) throw new BadRequestException(`${name} must be an ISO 8601 date (2026-01-31) or date-time (2026-01-31T00:00:00Z)`);
    return d;
  },
};

/** The query of a list: its filters, each refused by `params` when it is off. */
export type ListQuery = Record<string, string | undefined>;

/** The filters both lists take, for their documentation: by partner, status and currency. */
export const LIST_FILTERS = [
  { name: 'partner_id', required: false },
  { name: 'status', required: false },
  { name: 'currency', required: false },
];

/** What both lists are filtered by: the caller's workspace and mode, then the partner, status and currency asked for. */
export function listFilter<S extends string>(account: ApiKeyIdentity, query: ListQuery, statuses: readonly S[]) {
  return {
    workspaceId: account.workspaceId,
    mode: account.mode,
    partnerId: params.partnerId(query.partner_id),
    status: params.status(query.status, statuses),
    currency: params.currency(query.currency),
  };
}

/** Records a list pages through: one by id (the `starting_after` cursor) and a page of them, filtered, newest first. */
interface Listed<R, F> {
  find(db: EntityManager, workspaceId: string, mode: Mode, id: string): Promise<R | null>;
  list(db: EntityManager, filter: F & PageFilter): Promise<R[]>;
}

/** A page of `records` matching `filter` after the cursor `query` names, presented. */
export function listRecords<R extends PageFilter['startingAfter'] & object, F extends { workspaceId: string; mode: Mode }, V>(
  what: string,
  records: Listed<R, F>,
  db: EntityManager,
  filter: F,
  take: number,
  query: ListQuery,
  present: (record: R) => V,
): Promise<ListPage<V>> {
  const rows = {
    find: (id: string) => records.find(db, filter.workspaceId, filter.mode, id),
    list: (limit: number, startingAfter: R | undefined) => records.list(db, { ...filter, limit, startingAfter }),
  };
  return listPage(what, take, query.starting_after, rows, present);
}
