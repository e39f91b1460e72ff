import { UpdatedAtColumn } from '@app/persistence';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Mode } from '@app/domain';

/** What `partner_link_limit` is for a mode that never set it (the column's default too). */
export const DEFAULT_PARTNER_LINK_LIMIT = 5;

/** A mode's settings; a mode without a row has the workspace's own attribution window. */
@Entity({ name: 'workspace_settings' })
export class WorkspaceSettingEntity {
  @PrimaryColumn({ name: 'workspace_id', type: 'text' })
  workspaceId!: string;

  @PrimaryColumn({ type: 'text' })
  mode!: Mode;

  @Column({ name: 'attribution_window_days', type: 'int' })
  attributionWindowDays!: number;

  /** How many referral tokens a partner may add themselves (through the partner portal). */
  @Column({ name: 'partner_link_limit', type: 'int', default: DEFAULT_PARTNER_LINK_LIMIT })
  partnerLinkLimit!: number;

  @UpdatedAtColumn()
  updatedAt!: Date;
}
