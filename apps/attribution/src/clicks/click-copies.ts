import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Mode } from '@app/domain';
import { preparedQuery } from '@app/persistence';

/** Attribution's copy of the clicks tracking records: a sale names its click without asking tracking. */
@Injectable()
export class ClickCopies {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async recordClick(click: {
    clickId: string;
    workspaceId: string;
    mode: Mode;
    partnerId: string;
    referralToken: string;
    clickedAt: Date;
    expiresAt: Date;
  }): Promise<void> {
    await preparedQuery(
      this.dataSource,
      `INSERT INTO attribution.clicks (click_id, workspace_id, mode, partner_id, referral_token, clicked_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (click_id) DO NOTHING`,
      [click.clickId, click.workspaceId, click.mode, click.partnerId, click.referralToken, click.clickedAt, click.expiresAt],
    );
  }
}
