import { Column, CreateDateColumn, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { Mode } from '@app/domain';

/** `created_at timestamptz NOT NULL DEFAULT now()`, which the database sets when the row is inserted. */
export const CreatedAtColumn = () => CreateDateColumn({ name: 'created_at', type: 'timestamptz' });

/** `updated_at timestamptz NOT NULL DEFAULT now()`, which TypeORM sets whenever it saves the row. */
export const UpdatedAtColumn = () => UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' });

/**
 * An amount in minor units (`bigint`), read back as the number every amount in the code is
 * (PostgreSQL's driver answers a bigint as a string).
 */
export const CentsColumn = (name: string, options: { nullable?: boolean; default?: number } = {}) =>
  Column({ name, type: 'bigint', ...options, transformer: { to: (v: number | null) => v, from: (v: string | null) => (v === null ? null : Number(v)) } });

/** Every record belongs to one workspace and one mode; the two are always read together. */
export abstract class WorkspaceScoped {
  @Column({ name: 'workspace_id', type: 'text' })
  workspaceId!: string;

  @Column({ type: 'text' })
  mode!: Mode;
}

/** A record a workspace creates in one of its modes: a uuid `id`, and when it was created. */
export abstract class WorkspaceRecord extends WorkspaceScoped {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @CreatedAtColumn()
  createdAt!: Date;
}
