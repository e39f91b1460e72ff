import type { StripeEventEnvelope } from '@app/domain';

/** A Stripe event whose signature was verified with one of the workspace's signing secrets. */
export interface AcceptStripeEventCommand {
  workspaceId: string;
  event: StripeEventEnvelope;
}
