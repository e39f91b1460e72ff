import { WorkspaceScoped } from '@app/persistence';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Attribution's own copy of each click, built from `click.recorded` events. */
@Entity({ name: 'clicks' })
export class ClickEntity extends WorkspaceScoped {
  @PrimaryColumn({ name: 'click_id', type: 'uuid' })
  clickId!: string;

  @Column({ name: 'partner_id', type: 'uuid' })
  partnerId!: string;

  @Column({ name: 'referral_token', type: 'text' })
  referralToken!: string;

  @Column({ name: 'clicked_at', type: 'timestamptz' })
  clickedAt!: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;
}
