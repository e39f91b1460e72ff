import { Inject, Injectable } from '@nestjs/common';
import { DASHBOARD_CONFIG, DashboardConfig } from '../../../config';
import { PartnerApi, TrackedToken } from '../../partner-api';
import { SignedInPartnerSession } from '../../portal-session.guard';
import { portalLink } from '../../portal-projections';

/** How many links a partner may add themselves when tracking does not say (its default). */
const DEFAULT_LINK_LIMIT = 5;

/** A partner's links and promo codes, and a link they add themselves (tracking keeps the limit). */
@Injectable()
export class PartnerLinksUseCase {
  constructor(
    private readonly api: PartnerApi,
    @Inject(DASHBOARD_CONFIG) private readonly config: DashboardConfig,
  ) {}

  async list(session: SignedInPartnerSession) {
    const [partner, settings] = await Promise.all([this.api.partner(session), this.api.settings(session)]);
    const tokens = partner.referral_tokens ?? [];
    return {
      referral_links: tokens.map((token) => portalLink(token, partner.destination_url, this.config.TRACKING_PUBLIC_URL)),
      promo_codes: (partner.promo_codes ?? []).map((code) => ({ code: code.code, created_at: code.created_at })),
      destination_url: partner.destination_url,
      link_limit: settings.partner_link_limit ?? DEFAULT_LINK_LIMIT,
      links_added: tokens.filter((token) => token.added_by === 'partner').length,
    };
  }

  /** Tracking checks the key's partner and the limit (409 with its message); the token is random. */
  async add(session: SignedInPartnerSession, label: string | undefined) {
    const path = `/v1/partners/${session.partner.partnerId}/referral-tokens`;
    const [token, partner] = [
      await this.api.call<TrackedToken>(session, 'tracking', 'POST', path, label === undefined ? {} : { label }),
      await this.api.partner(session),
    ];
    return portalLink(token, partner.destination_url, this.config.TRACKING_PUBLIC_URL);
  }
}
