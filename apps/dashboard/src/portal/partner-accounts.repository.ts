import { ConflictException, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import type { Mode } from '@app/domain';
import { queryRows } from '@app/persistence';
import { PartnerAccount } from './partner-account';

interface AccountRow {
  id: string;
  workspace_id: string;
  mode: Mode;
  partner_id: string;
  email: string | null;
  password_hash: string | null;
  suspended_at: Date | null;
  last_sign_in_at: Date | null;
}

/** What an invitation's page shows, and whose access it opens. */
export interface Invitation {
  id: string;
  account: PartnerAccount;
  partnerName: string;
  partnerEmail: string | null;
  workspaceName: string;
  expiresAt: Date;
  /** Neither used, voided nor expired. */
  usable: boolean;
}

export interface NewInvitation {
  tokenHash: string;
  partnerName: string;
  partnerEmail: string | null;
  workspaceName: string;
  invitedBy: string;
  expiresAt: Date;
}

const toAccount = (row: AccountRow): PartnerAccount => ({
  id: row.id,
  workspaceId: row.workspace_id,
  mode: row.mode,
  partnerId: row.partner_id,
  email: row.email,
  suspendedAt: row.suspended_at,
  lastSignInAt: row.last_sign_in_at,
});

const ACCOUNT_COLUMNS = `a.id, a.workspace_id, a.mode, a.partner_id, a.email, a.password_hash, a.suspended_at, a.last_sign_in_at`;
const USABLE = `i.used_at IS NULL AND i.voided_at IS NULL AND i.expires_at > now()`;

/** Partners' portal accounts and their invitations (the dashboard schema). */
@Injectable()
export class PartnerAccountsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async find(workspaceId: string, mode: Mode, partnerId: string): Promise<PartnerAccount | null> {
    const [row] = await queryRows<AccountRow>(
      this.db,
      `SELECT ${ACCOUNT_COLUMNS} FROM dashboard.partner_accounts a WHERE a.workspace_id = $1 AND a.mode = $2 AND a.partner_id = $3`,
      [workspaceId, mode, partnerId],
    );
    return row ? toAccount(row) : null;
  }

  /** The partner's account, made when first needed (an invitation, a suspension). */
  async findOrCreate(workspaceId: string, mode: Mode, partnerId: string, db: EntityManager | DataSource = this.db): Promise<PartnerAccount> {
    const [row] = await queryRows<AccountRow>(
      db,
      `INSERT INTO dashboard.partner_accounts AS a (id, workspace_id, mode, partner_id) VALUES ($1, $2, $3, $4)
       ON CONFLICT (workspace_id, mode, partner_id) DO UPDATE SET workspace_id = EXCLUDED.workspace_id
       RETURNING ${ACCOUNT_COLUMNS}`,
      [randomUUID(), workspaceId, mode, partnerId],
    );
    return toAccount(row);
  }

  /** When the partner's last usable invitation expires, or null. */
  async pendingInvitationExpiry(accountId: string): Promise<Date | null> {
    const [row] = await queryRows<{ expires_at: Date }>(
      this.db,
      `SELECT i.expires_at FROM dashboard.partner_invitations i WHERE i.account_id = $1 AND ${USABLE} ORDER BY i.created_at DESC LIMIT 1`,
      [accountId],
    );
    return row?.expires_at ?? null;
  }

  /** A new invitation, which voids the partner's unused ones: only the latest link works. */
  async invite(workspaceId: string, mode: Mode, partnerId: string, invitation: NewInvitation): Promise<{ id: string; account: PartnerAccount }> {
    return this.db.transaction(async (tx) => {
      // The upsert locks the account's row, so of two invitations made at once the later voids the earlier.
      const account = await this.findOrCreate(workspaceId, mode, partnerId, tx);
      await this.voidUnusedInvitations(tx, account.id);
      const id = randomUUID();
      await tx.query(
        `INSERT INTO dashboard.partner_invitations (id, account_id, token_hash, partner_name, partner_email, workspace_name, invited_by, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [
          id,
          account.id,
          invitation.tokenHash,
          invitation.partnerName,
          invitation.partnerEmail,
          invitation.workspaceName,
          invitation.invitedBy,
          invitation.expiresAt,
        ],
      );
      return { id, account };
    });
  }

  async invitation(tokenHash: string): Promise<Invitation | null> {
    const [row] = await queryRows<AccountRow & Record<string, unknown>>(
      this.db,
      `SELECT ${ACCOUNT_COLUMNS}, i.id AS invitation_id, i.partner_name, i.partner_email, i.workspace_name, i.expires_at, (${USABLE}) AS usable
       FROM dashboard.partner_invitations i JOIN dashboard.partner_accounts a ON a.id = i.account_id WHERE i.token_hash = $1`,
      [tokenHash],
    );
    if (!row) return null;
    return {
      id: row.invitation_id as string,
      account: toAccount(row),
      partnerName: row.partner_name as string,
      partnerEmail: row.partner_email as string | null,
      workspaceName: row.workspace_name as string,
      expiresAt: row.expires_at as Date,
      usable: row.usable as boolean,
    };
  }

  /**
   * Uses the invitation (once: of two accepting at once, one does) and sets the account's email and
   * password; null when the invitation was used, voided or expired meanwhile. 409 when the email
   * address is another account's, and then the invitation stays usable.
   */
  async accept(tokenHash: string, email: string, passwordHash: string): Promise<PartnerAccount | null> {
    try {
      return await this.db.transaction(async (tx) => {
        const [used] = await queryRows<{ account_id: string }>(
          tx,
          `UPDATE dashboard.partner_invitations i SET used_at = now() WHERE i.token_hash = $1 AND ${USABLE} RETURNING i.account_id`,
          [tokenHash],
        );
        if (!used) return null;
        const [row] = await queryRows<AccountRow>(
          tx,
          `UPDATE dashboard.partner_accounts a SET email = $2, password_hash = $3 WHERE a.id = $1 AND a.suspended_at IS NULL RETURNING ${ACCOUNT_COLUMNS}`,
          [used.account_id, email, passwordHash],
        );
        return row ? toAccount(row) : null;
      });
    } catch (err) {
      if ((err as { code?: string }).code === '23505') {
        throw new ConflictException(`${email} already signs in to a partner portal; use another email address for this one`);
      }
      throw err;
    }
  }

  async findWithPasswordHash(email: string): Promise<{ account: PartnerAccount; passwordHash: string } | null> {
    const [row] = await queryRows<AccountRow>(this.db, `SELECT ${ACCOUNT_COLUMNS} FROM dashboard.partner_accounts a WHERE a.email = $1`, [email]);
    return row?.password_hash ? { account: toAccount(row), passwordHash: row.password_hash } : null;
  }

  async passwordHashOf(accountId: string): Promise<string | null> {
    const [row] = await queryRows<AccountRow>(this.db, `SELECT password_hash FROM dashboard.partner_accounts WHERE id = $1`, [accountId]);
    return row?.password_hash ?? null;
  }

  async setPasswordHash(accountId: string, passwordHash: string): Promise<void> {
    await this.db.query(`UPDATE dashboard.partner_accounts SET password_hash = $2 WHERE id = $1 AND email IS NOT NULL`, [accountId, passwordHash]);
  }

  async markSignedIn(accountId: string): Promise<void> {
    await this.db.query(`UPDATE dashboard.partner_accounts SET last_sign_in_at = now() WHERE id = $1`, [accountId]);
  }

  /** A suspension also voids the unused invitations: one sent before it must not let the partner back in after a resume. */
  async setSuspended(accountId: string, suspended: boolean): Promise<PartnerAccount> {
    return this.db.transaction(async (tx) => {
      const [row] = await queryRows<AccountRow>(
        tx,
        `UPDATE dashboard.partner_accounts a SET suspended_at = CASE WHEN $2 THEN coalesce(a.suspended_at, now()) END WHERE a.id = $1 RETURNING ${ACCOUNT_COLUMNS}`,
        [accountId, suspended],
      );
      if (suspended) await this.voidUnusedInvitations(tx, accountId);
      return toAccount(row);
    });
  }

  private async voidUnusedInvitations(tx: EntityManager, accountId: string): Promise<void> {
    await tx.query(`UPDATE dashboard.partner_invitations SET voided_at = now() WHERE account_id = $1 AND used_at IS NULL AND voided_at IS NULL`, [accountId]);
  }
}
