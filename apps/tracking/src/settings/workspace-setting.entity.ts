import { UpdatedAtColumn } from '@app/persistence';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Mode } from '@app/domain';

/** A mode's settings; a mode without a row has the workspace's own attribution window. */
@Entity({ name: 'workspace_settings' })
export class WorkspaceSettingEntity {
  @PrimaryColumn({ name: 'workspace_id', type: 'text' })
  workspaceId!: string;

  @PrimaryColumn({ type: 'text' })
  mode!: Mode;

  @Column({ name: 'attribution_window_days', type: 'int' })
  attributionWindowDays!: number;

  @UpdatedAtColumn()
  updatedAt!: Date;
}
