import { Column } from 'typeorm';
import type { Mode } from '@app/domain';

/** Every record belongs to one workspace and one mode; the two are always read together. */
export abstract class WorkspaceScoped {
  @Column({ name: 'workspace_id', type: 'text' })
  workspaceId!: string;

  @Column({ type: 'text' })
  mode!: Mode;
}
