import { WorkspaceRecord } from '@app/persistence';
import { Column, Entity } from 'typeorm';

/** Stripe signs with it, so it must be readable: stored sealed, never shown again (only its hint). */
@Entity({ name: 'stripe_signing_secrets' })
export class StripeSigningSecretEntity extends WorkspaceRecord {
  @Column({ name: 'secret_sealed', type: 'text' })
  secretSealed!: string;

  @Column({ name: 'secret_hint', type: 'text' })
  secretHint!: string;
}
