import { CreatedAtColumn, IntColumn, TextColumn } from '@app/persistence';
import { Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'workspaces' })
export class WorkspaceEntity {
  @PrimaryColumn({ type: 'text' }) id!: string;
  @TextColumn() name!: string;
  @IntColumn('attribution_window_days') attributionWindowDays!: number;
  @CreatedAtColumn() createdAt!: Date;
}
