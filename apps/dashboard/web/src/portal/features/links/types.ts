export interface ReferralLink {
  token: string;
  label: string | null;
  added_by: 'merchant' | 'partner';
  hosted_url: string;
  ref_url: string;
  created_at: string;
}

export interface PortalLinks {
  referral_links: ReferralLink[];
  promo_codes: Array<{ code: string; created_at: string }>;
  destination_url: string | null;
  link_limit: number;
  links_added: number;
}
