import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { queryRows } from '@app/persistence';
import { DashboardUser, Role } from './dashboard-user';

interface UserRow {
  id: string;
  workspace_id: string;
  email: string;
  role: Role;
  created_at: Date;
  password_hash: string;
}

const toUser = (row: UserRow): DashboardUser => ({ id: row.id, workspaceId: row.workspace_id, email: row.email, role: row.role, createdAt: row.created_at });

@Injectable()
export class UsersRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async create(workspaceId: string, email: string, role: Role, passwordHash: string): Promise<DashboardUser | null> {
    const rows = await queryRows<UserRow>(
      this.db,
      `INSERT INTO dashboard.users (id, workspace_id, email, role, password_hash) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (email) DO NOTHING RETURNING *`,
      [randomUUID(), workspaceId, email, role, passwordHash],
    );
    return rows[0] ? toUser(rows[0]) : null;
  }

  async findWithPasswordHash(email: string): Promise<{ user: DashboardUser; passwordHash: string } | null> {
    const [row] = await queryRows<UserRow>(this.db, `SELECT * FROM dashboard.users WHERE email = $1`, [email]);
    return row ? { user: toUser(row), passwordHash: row.password_hash } : null;
  }

  async passwordHashOf(userId: string): Promise<string | null> {
    const [row] = await queryRows<UserRow>(this.db, `SELECT password_hash FROM dashboard.users WHERE id = $1`, [userId]);
    return row?.password_hash ?? null;
  }

  async setPasswordHash(userId: string, passwordHash: string): Promise<void> {
    await this.db.query(`UPDATE dashboard.users SET password_hash = $2 WHERE id = $1`, [userId, passwordHash]);
  }

  async list(workspaceId: string): Promise<DashboardUser[]> {
    const rows = await queryRows<UserRow>(this.db, `SELECT * FROM dashboard.users WHERE workspace_id = $1 ORDER BY created_at, id`, [workspaceId]);
    return rows.map(toUser);
  }

  async hasOwner(workspaceId: string): Promise<boolean> {
    const rows = await queryRows<unknown>(this.db, `SELECT 1 FROM dashboard.users WHERE workspace_id = $1 AND role = 'owner' LIMIT 1`, [workspaceId]);
    return rows.length > 0;
  }

  async isIn(workspaceId: string, userId: string): Promise<boolean> {
    return (await queryRows(this.db, `SELECT 1 FROM dashboard.users WHERE workspace_id = $1 AND id = $2`, [workspaceId, userId])).length > 0;
  }

  /** Removes a user of the workspace; their sessions go with them. */
  async remove(workspaceId: string, userId: string): Promise<void> {
    await this.db.query(`DELETE FROM dashboard.users WHERE workspace_id = $1 AND id = $2`, [workspaceId, userId]);
  }
}
