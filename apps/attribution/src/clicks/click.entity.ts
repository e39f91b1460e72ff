import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Mode } from '@app/domain';

/** Attribution's own copy of each click, built from `click.recorded` events. */
@Entity({ name: 'clicks' })
export class ClickEntity {
  @PrimaryColumn({ name: 'click_id', type: 'uuid' })
  clickId!: string;

  @Column({ name: 'workspace_id', type: 'text' })
  workspaceId!: string;

  @Column({ type: 'text' })
  mode!: Mode;

  @Column({ name: 'partner_id', type: 'uuid' })
  partnerId!: string;

  @Column({ name: 'referral_token', type: 'text' })
  referralToken!: string;

  @Column({ name: 'clicked_at', type: 'timestamptz' })
  clickedAt!: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;
}
