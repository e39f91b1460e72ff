import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { Mode } from '@app/domain';

/** A code a partner hands out; unique within a workspace and mode, compared in upper case. */
@Entity({ name: 'promo_codes' })
export class PromoCodeEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'workspace_id', type: 'text' })
  workspaceId!: string;

  @Column({ type: 'text' })
  mode!: Mode;

  @Column({ type: 'text' })
  code!: string;

  @Column({ name: 'partner_id', type: 'uuid' })
  partnerId!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
