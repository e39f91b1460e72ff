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

  /** Ends one session; answers the hashes of the keys to withdraw. */
  async end(tokenHash: string): Promise<string[]> {
    return this.keyHashesOf(
      await queryRows<{ key_hashes: string[] }>(this.db, `DELETE FROM dashboard.sessions WHERE token_hash = $1 RETURNING key_hashes`, [tokenHash]),
    );
  }

  /** Ends every session of a user but `keep` (the one asking, when it stays signed in). */
  async endAllOf(userId: string, keep?: string): Promise<string[]> {
    return this.keyHashesOf(
      await queryRows<{ key_hashes: string[] }>(
        this.db,
        `DELETE FROM dashboard.sessions WHERE user_id = $1 AND token_hash IS DISTINCT FROM $2 RETURNING key_hashes`,
        [userId, keep ?? null],
      ),
    );
  }

  /** The key hashes of every session of a user, for when the user (and so its sessions) is removed. */
  async keyHashesOfUser(userId: string): Promise<string[]> {
    return this.keyHashesOf(await queryRows<{ key_hashes: string[] }>(this.db, `SELECT key_hashes FROM dashboard.sessions WHERE user_id = $1`, [userId]));
  }

  async endExpired(limit: number): Promise<string[]> {
    return this.keyHashesOf(
      await queryRows<{ key_hashes: string[] }>(
        this.db,
        `DELETE FROM dashboard.sessions WHERE token_hash IN (SELECT token_hash FROM dashboard.sessions WHERE expires_at <= now() LIMIT $1) RETURNING key_hashes`,
        [limit],
      ),
    );
  }

  private keyHashesOf(rows: Array<{ key_hashes: string[] }>): string[] {
    return rows.flatMap((row) => row.key_hashes);
  }
}
