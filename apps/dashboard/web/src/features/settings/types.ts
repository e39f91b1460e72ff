export interface ApiKey {
  id: string;
  kind: 'publishable' | 'secret';
  mode: 'test' | 'live';
  hint: string;
  status: 'active' | 'expiring' | 'expired' | 'revoked';
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
  /** The key itself: on creation and roll; publishable keys carry it in lists too (null for old ones). */
  key?: string | null;
}
