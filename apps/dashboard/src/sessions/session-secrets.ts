import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { hashApiKey, keyCharacters, Mode, MODES } from '@app/domain';

/**
 * Everything a session needs follows from the one random token in its cookie, so the server keeps
 * only hashes: the CSRF token the page echoes, and the key per mode the dashboard forwards to the
 * services. Neither can be computed without the cookie, which scripts cannot read (HttpOnly).
 */
export class SessionSecrets {
  private constructor(readonly token: string) {}

  static issue(): SessionSecrets {
    return new SessionSecrets(randomBytes(32).toString('base64url'));
  }

  /** The cookie's value, as sent back by the browser; null when it cannot be one of ours. */
  static fromCookie(value: string | undefined): SessionSecrets | null {
    return value && /^[A-Za-z0-9_-]{43}$/.test(value) ? new SessionSecrets(value) : null;
  }

  get tokenHash(): string {
    return hashApiKey(this.token);
  }

  get csrfToken(): string {
    return this.derive('csrf').toString('base64url');
  }

  /** The `ss_` key for `mode`: the services see a secret key of the session's workspace in that mode. */
  keyFor(mode: Mode): string {
    return `ss_${mode}_${keyCharacters(this.derive(`key:${mode}`))}`;
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

  private derive(purpose: string): Buffer {
    return createHmac('sha256', this.token).update(`selgeo-dashboard:${purpose}`).digest();
  }
}
