import { TextColumn, TimestampColumn, UuidColumn, WorkspaceScoped } from '@app/persistence';
import { Entity, PrimaryColumn } from 'typeorm';

/** Attribution's own copy of each click, built from `click.recorded` events. */
@Entity({ name: 'clicks' })
export class ClickEntity extends WorkspaceScoped {
  @PrimaryColumn({ name: 'click_id', type: 'uuid' }) clickId!: string;
  @UuidColumn('partner_id') partnerId!: string;
  @TextColumn('referral_token') referralToken!: string;
  @TimestampColumn('clicked_at') clickedAt!: Date;
  @TimestampColumn('expires_at') expiresAt!: Date;
}
