import { WorkspaceScoped } from '@app/persistence';
import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** Stripe signs with it, so it must be readable: stored sealed, never shown again (only its hint). */
@Entity({ name: 'stripe_signing_secrets' })
export class StripeSigningSecretEntity extends WorkspaceScoped {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'secret_sealed', type: 'text' })
  secretSealed!: string;

  @Column({ name: 'secret_hint', type: 'text' })
  secretHint!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
