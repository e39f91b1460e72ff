import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { hashApiKey, keyCharacters, Mode, MODES } from '@app/domain';

/**
 * The dashboard's own key for session keys, derived from the install's sealing key with a label of
 * its own: with it, the key a session forwards cannot be computed from the cookie alone, so the
 * browser (a member's, say) cannot call the services around the dashboard's rules.
 */
export function sessionKeySecret(sealingKey: Buffer, sessions: SessionKind = DASHBOARD_SESSIONS): Buffer {
  return Buffer.from(hkdfSync('sha256', sealingKey, Buffer.alloc(0), sessions.keyLabel, 32));
}

/**
 * The two kinds of session the service keeps: the dashboard's users' (`ss_` keys, both modes) and the
 * partner portal's (`ps_` keys, the partner's one mode). Each has its own cookie and its own secret,
 * so one kind's cookie or key is never taken for the other's.
 */
export interface SessionKind {
  keyPrefix: 'ss' | 'ps';
  /** The HKDF label of the secret its keys are derived with. */
  keyLabel: string;
  /** The cookie's name over http; over https it is `__Host-` prefixed. */
  cookieName: string;
}

export const DASHBOARD_SESSIONS: SessionKind = { keyPrefix: 'ss', keyLabel: 'selgeo dashboard session keys', cookieName: 'selgeo_session' };
export const PORTAL_SESSIONS: SessionKind = { keyPrefix: 'ps', keyLabel: 'selgeo partner portal session keys', cookieName: 'selgeo_portal_session' };

/**
 * Everything a session needs follows from the one random token in its cookie, so the server keeps
 * only hashes: the CSRF token the page echoes (from the token), and the key per mode the dashboard
 * forwards to the services (from the token and the dashboard's secret).
 */
export class SessionSecrets {
  private constructor(
    readonly token: string,
    private readonly keySecret: Buffer,
    private readonly keyPrefix: SessionKind['keyPrefix'],
  ) {}

  static issue(keySecret: Buffer, keyPrefix: SessionKind['keyPrefix'] = 'ss'): SessionSecrets {
    return new SessionSecrets(randomBytes(32).toString('base64url'), keySecret, keyPrefix);
  }

  /** The cookie's value, as sent back by the browser; null when it cannot be one of ours. */
  static fromCookie(value: string | undefined, keySecret: Buffer, keyPrefix: SessionKind['keyPrefix'] = 'ss'): SessionSecrets | null {
    return value && /^[A-Za-z0-9_-]{43}$/.test(value) ? new SessionSecrets(value, keySecret, keyPrefix) : null;
  }

  get tokenHash(): string {
    return hashApiKey(this.token);
  }

  get csrfToken(): string {
    return createHmac('sha256', this.token).update('selgeo-dashboard:csrf').digest('base64url');
  }

  /** The `ss_` (or `ps_`) key for `mode`: the services see a secret key of the session's workspace in that mode. */
  keyFor(mode: Mode): string {
    const mac = createHmac('sha256', this.keySecret).update(`${mode}:${this.token}`).digest();
    return `${this.keyPrefix}_${mode}_${keyCharacters(mac)}`;
  }

  keyHashFor(mode: Mode): string {
    return hashApiKey(this.keyFor(mode));
  }

  get keyHashes(): string[] {
    return MODES.map((mode) => this.keyHashFor(mode));
  }

  csrfMatches(presented: string | undefined): boolean {
    const expected = Buffer.from(this.csrfToken);
    const given = Buffer.from(presented ?? '');
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}
