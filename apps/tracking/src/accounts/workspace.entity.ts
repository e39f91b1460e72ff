import { CreatedAtColumn } from '@app/persistence';
import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'workspaces' })
export class WorkspaceEntity {
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ name: 'attribution_window_days', type: 'int' })
  attributionWindowDays!: number;

  @CreatedAtColumn()
  createdAt!: Date;
}
