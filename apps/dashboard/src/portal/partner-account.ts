import type { Mode, WorkspaceId } from '@app/domain';

/** A partner's access to the portal: one per partner of a workspace, in one mode. */
export interface PartnerAccount {
  id: string;
  workspaceId: WorkspaceId;
  mode: Mode;
  partnerId: string;
  /** Null until an invitation is accepted. */
  email: string | null;
  suspendedAt: Date | null;
  lastSignInAt: Date | null;
}

/** An account that signs in: its email is set (an invitation was accepted). */
export type SignedInPartner = PartnerAccount & { email: string };

export const ACCESS_STATUSES = ['none', 'invited', 'active', 'suspended'] as const;
export type AccessStatus = (typeof ACCESS_STATUSES)[number];

/** What the merchant sees of a partner's access; an account's state outranks a pending invitation. */
export function presentAccess(mode: Mode, partnerId: string, account: PartnerAccount | null, invitationExpiresAt: Date | null) {
  let status: AccessStatus = 'none';
  if (account?.suspendedAt) status = 'suspended';
  else if (account?.email) status = 'active';
  else if (invitationExpiresAt) status = 'invited';
  return {
    object: 'partner_access',
    partner_id: partnerId,
    mode,
    status,
    email: account?.email ?? null,
    invitation_expires_at: invitationExpiresAt?.toISOString() ?? null,
    last_sign_in_at: account?.lastSignInAt?.toISOString() ?? null,
  };
}
