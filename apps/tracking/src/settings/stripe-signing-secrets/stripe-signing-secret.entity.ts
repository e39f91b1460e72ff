import { TextColumn, WorkspaceRecord } from '@app/persistence';
import { Entity } from 'typeorm';

/** Stripe signs with it, so it must be readable: stored sealed, never shown again (only its hint). */
@Entity({ name: 'stripe_signing_secrets' })
export class StripeSigningSecretEntity extends WorkspaceRecord {
  @TextColumn('secret_sealed') secretSealed!: string;
  @TextColumn('secret_hint') secretHint!: string;
}
