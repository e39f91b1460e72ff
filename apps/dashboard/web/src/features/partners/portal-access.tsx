import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { request } from '../../shared/api';
import { formatDate } from '../../shared/money';
import { useLocation } from '../../shared/router';
import { Card, Details, ErrorNote, Loading, ShownOnce, StatusBadge } from '../../shared/ui';

interface PartnerAccess {
  status: 'none' | 'invited' | 'active' | 'suspended';
  email: string | null;
  invitation_expires_at: string | null;
  last_sign_in_at: string | null;
}

interface PartnerInvitation {
  url: string;
  expires_at: string;
  /** Whether the link was also emailed (only with a mail server configured: SMTP_URL). */
  email: { sent: boolean; to: string | null; error?: string };
}

// Said after the status badge, so none repeats its word.
const WHAT_STATUS_MEANS: Record<PartnerAccess['status'], string> = {
  none: 'Invite the partner so they can follow their links, their sales and what they are owed themselves.',
  invited: 'The partner has not accepted the invitation yet.',
  active: 'The partner has accepted and signs in to the portal.',
  suspended: 'The partner cannot sign in until you resume their access.',
};

/** The partner's access to the partner portal: invite them, and suspend or resume their access. */
export function PortalAccess({ partnerId, partnerName }: { partnerId: string; partnerName: string }) {
  const { mode } = useLocation();
  const client = useQueryClient();
  const base = `/auth/partner-access/${mode}/${encodeURIComponent(partnerId)}`;
  const queryKey = ['partner-access', mode, partnerId];
  const access = useQuery<PartnerAccess, Error>({ queryKey, queryFn: () => request('GET', base) });
  const refresh = () => client.invalidateQueries({ queryKey });
  const invite = useMutation<PartnerInvitation, Error>({
    mutationFn: () => request('POST', '/auth/partner-invitations', { json: { partner_id: partnerId, mode } }),
    onSuccess: refresh,
  });
  const change = useMutation<unknown, Error, 'suspend' | 'resume'>({
    mutationFn: (action) => request('POST', `${base}/${action}`),
    onSuccess: refresh,
  });

  const a = access.data;
  return (
    <Card title="Partner portal">
      {access.isPending ? <Loading what="the partner's portal access" /> : null}
      <ErrorNote error={access.error} prefix="Portal access could not be loaded" />
      {a ? (
        <>
          <p>
            <StatusBadge status={a.status === 'none' ? 'not invited' : a.status} /> {WHAT_STATUS_MEANS[a.status]}
          </p>
          <Details
            rows={[
              ['Signs in as', a.email ?? '—'],
              ['Invitation expires', a.status === 'invited' && a.invitation_expires_at ? formatDate(a.invitation_expires_at) : '—'],
              ['Last signed in', a.last_sign_in_at ? formatDate(a.last_sign_in_at) : '—'],
            ]}
          />
        </>
      ) : null}
      {invite.data ? (
        <ShownOnce
          title={`The invitation for ${partnerName}: it works once, until ${formatDate(invite.data.expires_at)}, and a new one replaces it.`}
          value={invite.data.url}
          onDone={() => invite.reset()}
        />
      ) : null}
      {invite.data?.email.sent ? <p role="status">Also emailed to {invite.data.email.to}.</p> : null}
      {invite.data?.email.error ? <p role="status">Not emailed: {invite.data.email.error}</p> : null}
      <div className="actions">
        {a && a.status !== 'active' && a.status !== 'suspended' ? (
          <button type="button" className="button primary" onClick={() => invite.mutate()} disabled={invite.isPending}>
            {a.status === 'invited' ? 'Invite again' : 'Invite to the portal'}
          </button>
        ) : null}
        {a?.status === 'active' ? (
          <button type="button" className="button danger" onClick={() => change.mutate('suspend')} disabled={change.isPending}>
            Suspend access
          </button>
        ) : null}
        {a?.status === 'suspended' ? (
          <button type="button" className="button" onClick={() => change.mutate('resume')} disabled={change.isPending}>
            Resume access
          </button>
        ) : null}
      </div>
      <ErrorNote error={invite.error} prefix="The invitation was not made" />
      <ErrorNote error={change.error} prefix="Not changed" />
    </Card>
  );
}
