import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { queryRows } from '@app/persistence';
import { DashboardUser, Role } from '../users/dashboard-user';
import type { SignedInPartner } from '../portal/partner-account';

interface SessionUserRow {
  user_id: string;
  workspace_id: string;
  email: string;
  role: Role;
  user_created_at: Date;
  expires_at: Date;
}

export interface SessionKeyHashes {
  token_hash: string;
  key_hashes: string[];
}

export interface ActiveSession {
  user: DashboardUser;
  expiresAt: Date;
}

/** A partner portal session: the partner's account (never a suspended one). */
export interface ActivePortalSession {
  partner: SignedInPartner;
  expiresAt: Date;
}

/** Whose session: a dashboard user's, or a partner's portal account's. */
export type SessionOwner = { userId: string } | { partnerAccountId: string };

@Injectable()
export class SessionsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async create(tokenHash: string, owner: SessionOwner, keyHashes: string[], expiresAt: Date): Promise<void> {
    await this.db.query(`INSERT INTO dashboard.sessions (token_hash, user_id, partner_account_id, key_hashes, expires_at) VALUES ($1, $2, $3, $4, $5)`, [
      tokenHash,
      'userId' in owner ? owner.userId : null,
      'partnerAccountId' in owner ? owner.partnerAccountId : null,
      keyHashes,
      expiresAt,
    ]);
  }

  /** The session and its user, unless it ended or expired. */
  async findActive(tokenHash: string): Promise<ActiveSession | null> {
    const [row] = await queryRows<SessionUserRow>(
      this.db,
      `SELECT u.id AS user_id, u.workspace_id, u.email, u.role, u.created_at AS user_created_at, s.expires_at
       FROM dashboard.sessions s JOIN dashboard.users u ON u.id = s.user_id
       WHERE s.token_hash = $1 AND s.expires_at > now()`,
      [tokenHash],
    );
    if (!row) return null;
    return {
      user: { id: row.user_id, workspaceId: row.workspace_id, email: row.email, role: row.role, createdAt: row.user_created_at },
      expiresAt: row.expires_at,
    };
  }

  /** A partner's portal session and account, unless it ended or expired, or the partner's access is suspended. */
  async findActivePartner(tokenHash: string): Promise<ActivePortalSession | null> {
    const [row] = await queryRows<Record<string, unknown>>(
      this.db,
      `SELECT a.id, a.workspace_id, a.mode, a.partner_id, a.email, a.last_sign_in_at, s.expires_at
       FROM dashboard.sessions s JOIN dashboard.partner_accounts a ON a.id = s.partner_account_id
       WHERE s.token_hash = $1 AND s.expires_at > now() AND a.suspended_at IS NULL AND a.email IS NOT NULL`,
      [tokenHash],
    );
    if (!row) return null;
    const partner = {
      id: row.id,
      workspaceId: row.workspace_id,
      mode: row.mode,
      partnerId: row.partner_id,
      email: row.email,
      suspendedAt: null,
      lastSignInAt: row.last_sign_in_at,
    } as SignedInPartner;
    return { partner, expiresAt: row.expires_at as Date };
  }

  /** The session's keys, and those of every session of a user (or partner account) but `keep`'s: what ending them withdraws. */
  async keysOf(filter: { tokenHash: string } | (SessionOwner & { keep?: string })): Promise<SessionKeyHashes[]> {
    if ('tokenHash' in filter) {
      return queryRows<SessionKeyHashes>(this.db, `SELECT token_hash, key_hashes FROM dashboard.sessions WHERE token_hash = $1`, [filter.tokenHash]);
    }
    const [column, id] = 'userId' in filter ? ['user_id', filter.userId] : ['partner_account_id', filter.partnerAccountId];
    return queryRows<SessionKeyHashes>(
      this.db,
      `SELECT token_hash, key_hashes FROM dashboard.sessions WHERE ${column} = $1 AND token_hash IS DISTINCT FROM $2`,
      [id, filter.keep ?? null],
    );
  }

  async expired(limit: number): Promise<SessionKeyHashes[]> {
    return queryRows<SessionKeyHashes>(this.db, `SELECT token_hash, key_hashes FROM dashboard.sessions WHERE expires_at <= now() LIMIT $1`, [limit]);
  }

  async remove(tokenHashes: string[]): Promise<void> {
    await this.db.query(`DELETE FROM dashboard.sessions WHERE token_hash = ANY($1)`, [tokenHashes]);
  }
}
