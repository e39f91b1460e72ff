import { IntColumn, UpdatedAtColumn } from '@app/persistence';
import { Entity, PrimaryColumn } from 'typeorm';
import type { Mode } from '@app/domain';

/** What `partner_link_limit` is for a mode that never set it (the column's default too). */
export const DEFAULT_PARTNER_LINK_LIMIT = 5;

/** A mode's settings; a mode without a row has the workspace's own attribution window. */
@Entity({ name: 'workspace_settings' })
export class WorkspaceSettingEntity {
  @PrimaryColumn({ name: 'workspace_id', type: 'text' }) workspaceId!: string;
  @PrimaryColumn({ type: 'text' }) mode!: Mode;
  @IntColumn('attribution_window_days') attributionWindowDays!: number;

  /** How many referral tokens a partner may add themselves (through the partner portal). */
  @IntColumn('partner_link_limit', { default: DEFAULT_PARTNER_LINK_LIMIT }) partnerLinkLimit!: number;
  @UpdatedAtColumn() updatedAt!: Date;
}
