import { PrimaryColumn } from 'typeorm';
import type { Mode } from '@app/domain';
import { CreatedAtColumn, TextColumn } from './columns';

/** Every record belongs to one workspace and one mode; the two are always read together. */
export abstract class WorkspaceScoped {
  @TextColumn('workspace_id') workspaceId!: string;
  @TextColumn() mode!: Mode;
}

/** A record a workspace creates in one of its modes: a uuid `id`, and when it was created. */
export abstract class WorkspaceRecord extends WorkspaceScoped {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @CreatedAtColumn() createdAt!: Date;
}
