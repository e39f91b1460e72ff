import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { queryRows } from '@app/persistence';
import { DashboardUser, Role } from '../users/dashboard-user';

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

@Injectable()
export class SessionsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async create(tokenHash: string, userId: string, keyHashes: string[], expiresAt: Date): Promise<void> {
    await this.db.query(`INSERT INTO dashboard.sessions (token_hash, user_id, key_hashes, expires_at) VALUES ($1, $2, $3, $4)`, [
      tokenHash,
      userId,
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

  /** The session's keys, and those of every session of a user but `keep`'s: what ending them withdraws. */
  async keysOf(filter: { tokenHash: string } | { userId: string; keep?: string }): Promise<SessionKeyHashes[]> {
    return 'tokenHash' in filter
      ? queryRows<SessionKeyHashes>(this.db, `SELECT token_hash, key_hashes FROM dashboard.sessions WHERE token_hash = $1`, [filter.tokenHash])
      : queryRows<SessionKeyHashes>(this.db, `SELECT token_hash, key_hashes FROM dashboard.sessions WHERE user_id = $1 AND token_hash IS DISTINCT FROM $2`, [
          filter.userId,
          filter.keep ?? null,
        ]);
  }

  async expired(limit: number): Promise<SessionKeyHashes[]> {
    return queryRows<SessionKeyHashes>(this.db, `SELECT token_hash, key_hashes FROM dashboard.sessions WHERE expires_at <= now() LIMIT $1`, [limit]);
  }

  async remove(tokenHashes: string[]): Promise<void> {
    await this.db.query(`DELETE FROM dashboard.sessions WHERE token_hash = ANY($1)`, [tokenHashes]);
  }
}
