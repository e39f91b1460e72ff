export interface Partner {
  id: string;
  mode: 'test' | 'live';
  name: string;
  email: string | null;
  destination_url: string;
  /** Where the partner wants to be paid, as they entered it in the portal. */
  payout_email: string | null;
  payout_reference: string | null;
  created_at: string;
  updated_at: string;
}

export interface ReferralToken {
  token: string;
  partner_id: string;
  redirect_url: string;
  /** The partner's own name for the link (e.g. a campaign), when they added it in the portal or were given one. */
  label: string | null;
  added_by: 'merchant' | 'partner';
  created_at: string;
}

export interface PromoCode {
  id: string;
  code: string;
  partner_id: string;
  created_at: string;
}

export interface PartnerWithCodes extends Partner {
  referral_tokens: ReferralToken[];
  promo_codes: PromoCode[];
}

/** The `?ref=` form of a link: the partner's destination with the token, for sites that load the snippet. */
export function refLink(destination: string, token: string): string {
  try {
    const url = new URL(destination);
    url.searchParams.set('ref', token);
    return url.toString();
  } catch {
    return `${destination}${destination.includes('?') ? '&' : '?'}ref=${encodeURIComponent(token)}`;
  }
}
