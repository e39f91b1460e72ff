import { EntityManager } from 'typeorm';
import type { ConversionView, Mode } from '@app/domain';
import { preparedQuery } from '@app/persistence';
import { ConversionCopy, isNewerState } from '../core/commission';

/** Event ids already handled, so a redelivery changes nothing. */
export class InboxRepository {
  /** True the first time an event id is seen (in this transaction's view). */
  async firstTime(db: EntityManager, eventId: string): Promise<boolean> {
    const rows = await preparedQuery(db, `INSERT INTO commissions.inbox (event_id) VALUES ($1) ON CONFLICT DO NOTHING RETURNING event_id`, [eventId]);
    return rows.length === 1;
  }

  /**
   * Forgets event ids received before `before`. Safe once the CONVERSIONS stream no longer holds
   * them (30 days): and a redelivery older still is not newer than the state kept, so it changes nothing anyway.
   */
  async forgetBefore(db: EntityManager, before: Date): Promise<void> {
    await preparedQuery(db, `DELETE FROM commissions.inbox WHERE received_at < $1`, [before]);
  }
}

/** The service's copy of each conversion's latest state. */
export class ConversionCopiesRepository {
  /**
   * Serialises the work on one subscription (an initial sale and its renewals) across replicas: its
   * commissions are settled together.
   */
  async lockChain(db: EntityManager, workspaceId: string, mode: Mode, chainId: string): Promise<void> {
    await preparedQuery(db, `SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`commissions:chain:${workspaceId}:${mode}:${chainId}`]);
  }

  /** Keeps the conversion if it is newer than the copy; false when the copy is as new or newer. */
  async keepIfNewer(db: EntityManager, workspaceId: string, mode: Mode, chainId: string, conversion: ConversionView, eventCreatedAt: string): Promise<boolean> {
    const kept = await preparedQuery<{ event_created_at: Date; state: ConversionView }>(
      db,
      `SELECT event_created_at, state FROM commissions.conversions WHERE workspace_id = $1 AND mode = $2 AND id = $3 FOR UPDATE`,
      [workspaceId, mode, conversion.id],
    );
    const summary = (c: ConversionView, at: string) => ({ eventCreatedAt: at, refunded: c.refunded_amount_cents, dispute: c.dispute_status, status: c.status });
    const previous = kept[0] ? summary(kept[0].state, kept[0].event_created_at.toISOString()) : null;
    if (!isNewerState(summary(conversion, eventCreatedAt), previous)) return false;
    await preparedQuery(
      db,
      `INSERT INTO commissions.conversions (workspace_id, mode, id, chain_id, partner_id, status, currency, amount_cents, refunded_amount_cents, occurred_at,
         created_at, event_created_at, state)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
       ON CONFLICT (workspace_id, mode, id) DO UPDATE SET chain_id = EXCLUDED.chain_id, partner_id = EXCLUDED.partner_id, status = EXCLUDED.status,
         currency = EXCLUDED.currency, amount_cents = EXCLUDED.amount_cents, refunded_amount_cents = EXCLUDED.refunded_amount_cents,
         occurred_at = EXCLUDED.occurred_at, created_at = EXCLUDED.created_at, event_created_at = EXCLUDED.event_created_at, state = EXCLUDED.state`,
      [
        workspaceId,
        mode,
        conversion.id,
        chainId,
        conversion.partner_id,
        conversion.status,
        conversion.currency?.toLowerCase() ?? null,
        conversion.amount_cents,
        conversion.refunded_amount_cents,
        conversion.occurred_at,
        conversion.created_at,
        eventCreatedAt,
        JSON.stringify(conversion),
      ],
    );
    return true;
  }

  async chain(db: EntityManager, workspaceId: string, mode: Mode, chainId: string): Promise<ConversionCopy[]> {
    const rows = await preparedQuery<{ state: ConversionView }>(
      db,
      `SELECT state FROM commissions.conversions WHERE workspace_id = $1 AND mode = $2 AND chain_id = $3 ORDER BY occurred_at, id`,
      [workspaceId, mode, chainId],
    );
    return rows.map((r) => ({ ...r.state, workspace_id: workspaceId, mode }));
  }

  async find(db: EntityManager, workspaceId: string, mode: Mode, id: string): Promise<ConversionView | null> {
    const rows = await preparedQuery<{ state: ConversionView }>(
      db,
      `SELECT state FROM commissions.conversions WHERE workspace_id = $1 AND mode = $2 AND id = $3`,
      [workspaceId, mode, id],
    );
    return rows[0]?.state ?? null;
  }
}

export interface PartnerCopy {
  partnerId: string;
  name: string;
  email: string | null;
  /** Where the partner wants to be paid, when not at `email`. */
  payoutEmail: string | null;
  payoutReference: string | null;
}

/** The service's copy of the partners (names, emails and payout details, for payouts and the self-referral check). */
export class PartnerCopiesRepository {
  async upsert(db: EntityManager, workspaceId: string, mode: Mode, p: PartnerCopy, updatedAt: string): Promise<void> {
    await preparedQuery(
      db,
      `INSERT INTO commissions.partners (workspace_id, mode, partner_id, name, email, payout_email, payout_reference, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (workspace_id, mode, partner_id) DO UPDATE SET name = EXCLUDED.name, email = EXCLUDED.email,
         payout_email = EXCLUDED.payout_email, payout_reference = EXCLUDED.payout_reference, updated_at = EXCLUDED.updated_at
       WHERE commissions.partners.updated_at <= EXCLUDED.updated_at`,
      [workspaceId, mode, p.partnerId, p.name, p.email, p.payoutEmail, p.payoutReference, updatedAt],
    );
  }

  async find(db: EntityManager, workspaceId: string, mode: Mode, partnerIds: string[]): Promise<Map<string, PartnerCopy>> {
    if (partnerIds.length === 0) return new Map();
    const rows = await preparedQuery<{ partner_id: string; name: string; email: string | null; payout_email: string | null; payout_reference: string | null }>(
      db,
      `SELECT partner_id, name, email, payout_email, payout_reference FROM commissions.partners
        WHERE workspace_id = $1 AND mode = $2 AND partner_id = ANY($3::uuid[])`,
      [workspaceId, mode, partnerIds],
    );
    return new Map(
      rows.map((r) => [
        r.partner_id,
        { partnerId: r.partner_id, name: r.name, email: r.email, payoutEmail: r.payout_email, payoutReference: r.payout_reference },
      ]),
    );
  }
}

/** Clicks, counted in the summary. */
export class ClickCopiesRepository {
  async record(db: EntityManager, workspaceId: string, mode: Mode, clickId: string, partnerId: string, clickedAt: string): Promise<void> {
    await preparedQuery(
      db,
      `INSERT INTO commissions.clicks (workspace_id, mode, click_id, partner_id, clicked_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
      [workspaceId, mode, clickId, partnerId, clickedAt],
    );
  }
}
