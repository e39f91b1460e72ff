import { BadRequestException } from '@nestjs/common';
import { isUuid } from '@app/domain';

const DAY_MS = 86_400_000;

/** The summaries' default period: the last 30 days, today (UTC) included. */
export const DEFAULT_SUMMARY_DAYS = 30;
/** The longest period a summary covers: a year by day is a chart; more is an export. */
export const MAX_SUMMARY_DAYS = 366;

export const GROUPINGS = ['day', 'partner', 'referral_token'] as const;
export type Grouping = (typeof GROUPINGS)[number];

export interface Period {
  /** Inclusive. */
  from: Date;
  /** Exclusive. */
  to: Date;
}

const DATE = /^(\d{4}-\d{2}-\d{2})$/;
const DATE_TIME = /^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;

/** A query parameter given at most once, as text. */
function single(name: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new BadRequestException(`${name} must be given once`);
  return value;
}

/**
 * An ISO 8601 date (`2026-01-31`, midnight UTC) or date-time with its offset (`2026-01-31T12:00:00Z`):
 * without an offset a time would mean a different moment on every server.
 */
export function instantParam(name: string, value: unknown): Date | undefined {
  const text = single(name, value);
  if (text === undefined) return undefined;
  const match = DATE.exec(text) ?? DATE_TIME.exec(text);
  const at = match ? new Date(DATE.test(text) ? `${text}T00:00:00Z` : text) : null;
  const realDay = match && at && !Number.isNaN(at.getTime()) && new Date(`${match[1]}T00:00:00Z`).toISOString().startsWith(match[1]);
  if (!at || !realDay) {
    throw new BadRequestException(`${name} must be an ISO 8601 date (2026-01-31, midnight UTC) or date-time with an offset (2026-01-31T12:00:00Z)`);
  }
  return at;
}

/** One of a fixed set of values, with the set named in the 400. */
export function oneOfParam<T extends string>(name: string, value: unknown, allowed: readonly T[]): T | undefined {
  const text = single(name, value);
  if (text === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(text)) throw new BadRequestException(`${name} must be one of: ${allowed.join(', ')}`);
  return text as T;
}

export function partnerIdParam(value: unknown): string | undefined {
  const text = single('partner_id', value);
  if (text !== undefined && !isUuid(text)) throw new BadRequestException('partner_id must be a partner id (a UUID)');
  return text?.toLowerCase();
}

/** Referral tokens as tracking makes them: lower case, 3 to 64 letters, digits, - or _. */
const REFERRAL_TOKEN = /^[a-z0-9][a-z0-9_-]{2,63}$/;

/** A `referral_token` filter: any case (tokens are stored in lower case). */
export function referralTokenParam(value: unknown): string | undefined {
  const text = single('referral_token', value)?.toLowerCase();
  if (text !== undefined && !REFERRAL_TOKEN.test(text)) {
    throw new BadRequestException('referral_token must be a referral token: 3 to 64 letters, digits, - or _, starting with a letter or digit');
  }
  return text;
}

/** A list's `created_gte`/`created_lt`: either, both or neither; when both, a period that is not empty. */
export function createdRange(gte: unknown, lt: unknown): { createdGte?: Date; createdLt?: Date } {
  const createdGte = instantParam('created_gte', gte);
  const createdLt = instantParam('created_lt', lt);
  if (createdGte && createdLt && createdGte >= createdLt) throw new BadRequestException('created_gte must be before created_lt');
  return { createdGte, createdLt };
}

/**
 * A summary's period: the last 30 days (today, UTC, included) unless given; one end given alone
 * keeps the 30 days from or to it. At most 366 days, so a summary stays one quick read.
 */
export function summaryPeriod(gte: unknown, lt: unknown, now = new Date()): Period {
  const { createdGte, createdLt } = createdRange(gte, lt);
  const tomorrow = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1));
  const to = createdLt ?? (createdGte ? new Date(createdGte.getTime() + DEFAULT_SUMMARY_DAYS * DAY_MS) : tomorrow);
  const from = createdGte ?? new Date(to.getTime() - DEFAULT_SUMMARY_DAYS * DAY_MS);
  if (from >= to) throw new BadRequestException('created_gte must be before created_lt');
  if (to.getTime() - from.getTime() > MAX_SUMMARY_DAYS * DAY_MS) {
    throw new BadRequestException(`created_gte and created_lt may be at most ${MAX_SUMMARY_DAYS} days apart: ask for a longer period in several parts`);
  }
  return { from, to };
}

export function groupingParam(value: unknown): Grouping {
  return oneOfParam('group_by', value, GROUPINGS) ?? 'day';
}
