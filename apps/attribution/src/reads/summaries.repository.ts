import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ConversionStatus, Mode } from '@app/domain';
import { Period } from './read-query';

export interface SummaryScope {
  workspaceId: string;
  mode: Mode;
  period: Period;
  partnerId?: string;
  referralToken?: string;
}

export interface ClicksOfDay {
  day: string;
  clicks: number;
}

export interface ClicksOfPartner {
  partnerId: string;
  clicks: number;
}

export interface ClicksOfReferralToken {
  referralToken: string;
  partnerId: string;
  clicks: number;
}

export interface ConversionTotals {
  currency: string | null;
  conversions: number;
  revenueCents: number;
  refundedCents: number;
}

/**
 * Minor units summed by PostgreSQL come back as text (numeric): answered as a number only when
 * JavaScript holds it exactly, never rounded (past 2^53 minor units, 90 trillion dollars).
 */
export function centsOf(total: string | number): number {
  const cents = Number(total);
  if (!Number.isSafeInteger(cents)) throw new RangeError(`a total of ${total} minor units is past what the API answers exactly`);
  return cents;
}

/** The days of a period (UTC), as 'YYYY-MM-DD', for the series a chart draws. */
const DAYS_OF_PERIOD = `generate_series(date_trunc('day', $3::timestamptz AT TIME ZONE 'UTC'), ($4::timestamptz AT TIME ZONE 'UTC') - interval '1 microsecond', interval '1 day')`;

/** Counts and sums for the dashboard's charts, read in one statement each from the workspace's indexes. */
@Injectable()
export class SummariesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Every day of the period, days without clicks included (0). */
  async clicksByDay(scope: SummaryScope): Promise<ClicksOfDay[]> {
    const { where, params } = this.scoped(scope, 'clicked_at');
    const rows: Array<{ day: string; clicks: string }> = await this.dataSource.query(
      `WITH counted AS (
         SELECT date_trunc('day', clicked_at AT TIME ZONE 'UTC') AS day, count(*) AS clicks
           FROM attribution.clicks WHERE ${where} GROUP BY 1
       )
       SELECT to_char(d.day, 'YYYY-MM-DD') AS day, coalesce(counted.clicks, 0) AS clicks
         FROM ${DAYS_OF_PERIOD} AS d(day) LEFT JOIN counted ON counted.day = d.day
        ORDER BY d.day`,
      params,
    );
    return rows.map((r) => ({ day: r.day, clicks: Number(r.clicks) }));
  }

  /** The partners with the most clicks in the period, most first. */
  async clicksByPartner(scope: SummaryScope, limit: number): Promise<ClicksOfPartner[]> {
    const { where, params } = this.scoped(scope, 'clicked_at');
    const rows: Array<{ partner_id: string; clicks: string }> = await this.dataSource.query(
      `SELECT partner_id, count(*) AS clicks FROM attribution.clicks WHERE ${where}
        GROUP BY partner_id ORDER BY clicks DESC, partner_id LIMIT $${params.length + 1}`,
      [...params, limit],
    );
    return rows.map((r) => ({ partnerId: r.partner_id, clicks: Number(r.clicks) }));
  }

  /**
   * The referral tokens (links) with the most clicks in the period, most first, each with its
   * partner (a token is one partner's). Counted from the period index, which carries the token.
   */
  async clicksByReferralToken(scope: SummaryScope, limit: number): Promise<ClicksOfReferralToken[]> {
    const { where, params } = this.scoped(scope, 'clicked_at');
    const rows: Array<{ referral_token: string; partner_id: string; clicks: string }> = await this.dataSource.query(
      `SELECT referral_token, partner_id, count(*) AS clicks FROM attribution.clicks WHERE ${where}
        GROUP BY referral_token, partner_id ORDER BY clicks DESC, referral_token LIMIT $${params.length + 1}`,
      [...params, limit],
    );
    return rows.map((r) => ({ referralToken: r.referral_token, partnerId: r.partner_id, clicks: Number(r.clicks) }));
  }

  /** Per day with conversions (UTC) and currency: days without any are left out. */
  async conversionsByDay(scope: SummaryScope, status: ConversionStatus): Promise<Array<ConversionTotals & { day: string }>> {
    const { where, params } = this.scoped(scope, 'created_at');
    const rows: Array<TotalsRow & { day: string }> = await this.dataSource.query(
      `SELECT to_char(date_trunc('day', created_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS day, ${TOTALS}
         FROM attribution.conversions WHERE ${where} AND status = $${params.length + 1}
        GROUP BY 1, currency ORDER BY 1, currency NULLS LAST`,
      [...params, status],
    );
    return rows.map((r) => ({ day: r.day, ...totalsOf(r) }));
  }

  /** The partners with the most conversions in the period (all currencies counted), each with a row per currency. */
  async conversionsByPartner(scope: SummaryScope, status: ConversionStatus, limit: number): Promise<Array<ConversionTotals & { partnerId: string }>> {
    const { where, params } = this.scoped(scope, 'created_at');
    const rows: Array<TotalsRow & { partner_id: string }> = await this.dataSource.query(
      `WITH per_currency AS (
         SELECT partner_id, ${TOTALS} FROM attribution.conversions WHERE ${where} AND status = $${params.length + 1}
          GROUP BY partner_id, currency
       ),
       top AS (
         SELECT partner_id, sum(conversions) AS total FROM per_currency
          GROUP BY partner_id ORDER BY total DESC, partner_id LIMIT $${params.length + 2}
       )
       SELECT p.* FROM per_currency p JOIN top USING (partner_id) ORDER BY top.total DESC, p.partner_id, p.currency NULLS LAST`,
      [...params, status, limit],
    );
    return rows.map((r) => ({ partnerId: r.partner_id, ...totalsOf(r) }));
  }

  /**
   * The referral tokens (links) with the most conversions in the period (all currencies counted),
   * each with a row per currency and its partner. Conversions without a token (a promo code's, a
   * sale reported without a click) are one group, `referralToken` null, so the rows add up to the whole.
   */
  async conversionsByReferralToken(
    scope: SummaryScope,
    status: ConversionStatus,
    limit: number,
  ): Promise<Array<ConversionTotals & { referralToken: string | null; partnerId: string }>> {
    const { where, params } = this.scoped(scope, 'created_at');
    const rows: Array<TotalsRow & { referral_token: string | null; partner_id: string }> = await this.dataSource.query(
      `WITH per_currency AS (
         SELECT referral_token, partner_id, ${TOTALS} FROM attribution.conversions WHERE ${where} AND status = $${params.length + 1}
          GROUP BY referral_token, partner_id, currency
       ),
       top AS (
         SELECT referral_token, partner_id, sum(conversions) AS total FROM per_currency
          GROUP BY referral_token, partner_id ORDER BY total DESC, referral_token NULLS LAST, partner_id LIMIT $${params.length + 2}
       )
       SELECT p.* FROM per_currency p JOIN top ON top.referral_token IS NOT DISTINCT FROM p.referral_token AND top.partner_id = p.partner_id
        ORDER BY top.total DESC, p.referral_token NULLS LAST, p.partner_id, p.currency NULLS LAST`,
      [...params, status, limit],
    );
    return rows.map((r) => ({ referralToken: r.referral_token, partnerId: r.partner_id, ...totalsOf(r) }));
  }

  private scoped(scope: SummaryScope, at: string): { where: string; params: unknown[] } {
    const params: unknown[] = [scope.workspaceId, scope.mode, scope.period.from, scope.period.to];
    let where = `workspace_id = $1 AND mode = $2 AND ${at} >= $3 AND ${at} < $4`;
    if (scope.partnerId) {
      params.push(scope.partnerId);
      where += ` AND partner_id = $${params.length}`;
    }
    if (scope.referralToken) {
      params.push(scope.referralToken);
      where += ` AND referral_token = $${params.length}`;
    }
    return { where, params };
  }
}

const TOTALS = `currency, count(*) AS conversions, sum(amount_cents)::text AS revenue_cents, sum(refunded_amount_cents)::text AS refunded_cents`;

interface TotalsRow {
  currency: string | null;
  conversions: string;
  revenue_cents: string;
  refunded_cents: string;
}

function totalsOf(row: TotalsRow): ConversionTotals {
  return {
    currency: row.currency,
    conversions: Number(row.conversions),
    revenueCents: centsOf(row.revenue_cents),
    refundedCents: centsOf(row.refunded_cents),
  };
}
