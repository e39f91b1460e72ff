import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Mode } from '@app/domain';
import { preparedQuery } from '@app/persistence';

/** Attribution's copy of the promo codes tracking assigns to partners. */
@Injectable()
export class PromoCodeCopies {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The latest assignment wins; a replayed older one changes nothing. */
  async recordPromoCode(code: { workspaceId: string; mode: Mode; code: string; partnerId: string; assignedAt: Date }): Promise<void> {
    await preparedQuery(
      this.dataSource,
      `INSERT INTO attribution.promo_codes (workspace_id, mode, code, partner_id, assigned_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (workspace_id, mode, code) DO UPDATE SET partner_id = EXCLUDED.partner_id, assigned_at = EXCLUDED.assigned_at
       WHERE attribution.promo_codes.assigned_at < EXCLUDED.assigned_at`,
      [code.workspaceId, code.mode, code.code, code.partnerId, code.assignedAt],
    );
  }
}
