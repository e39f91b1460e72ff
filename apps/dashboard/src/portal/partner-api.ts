import { Injectable } from '@nestjs/common';
import { ServiceForwarder } from '../forwarding/service-forwarder';
import { ForwardedService } from '../forwarding/service-routes';
import { SignedInPartnerSession } from './portal-session.guard';

/** What the portal reads of the partner, as tracking answers it (fields the services add later are read when present). */
export interface TrackedPartner {
  id: string;
  name: string;
  email: string | null;
  destination_url: string;
  payout_email?: string | null;
  payout_reference?: string | null;
  referral_tokens?: TrackedToken[];
  promo_codes?: Array<{ code: string; created_at: string }>;
}

export interface TrackedToken {
  token: string;
  label?: string | null;
  added_by?: 'merchant' | 'partner';
  created_at: string;
}

/**
 * The services, called for one partner's session with its own `ps_` key: only the fixed paths the
 * portal's endpoints name, each with the session's partner id, never a path the browser chose.
 */
@Injectable()
export class PartnerApi {
  constructor(private readonly forwarder: ServiceForwarder) {}

  call<T>(session: SignedInPartnerSession, service: ForwardedService, method: string, pathAndQuery: string, json?: unknown): Promise<T> {
    return this.forwarder.call<T>(service, session.secrets.keyFor(session.partner.mode), method, pathAndQuery, json);
  }

  get<T>(session: SignedInPartnerSession, service: ForwardedService, pathAndQuery: string): Promise<T> {
    return this.call<T>(session, service, 'GET', pathAndQuery);
  }

  /** The session's partner, with its links and promo codes. */
  partner(session: SignedInPartnerSession): Promise<TrackedPartner> {
    return this.get<TrackedPartner>(session, 'tracking', `/v1/partners/${session.partner.partnerId}`);
  }

  /** The workspace's settings in the session's mode (its name, the partners' link limit). */
  settings(session: SignedInPartnerSession): Promise<{ workspace_name?: string; partner_link_limit?: number }> {
    return this.get(session, 'tracking', '/v1/settings');
  }
}
