import { WorkspaceScoped } from '@app/persistence';
import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A code a partner hands out; unique within a workspace and mode, compared in upper case. */
@Entity({ name: 'promo_codes' })
export class PromoCodeEntity extends WorkspaceScoped {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'text' })
  code!: string;

  @Column({ name: 'partner_id', type: 'uuid' })
  partnerId!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
