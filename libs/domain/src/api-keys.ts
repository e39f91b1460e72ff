import { createHash, randomBytes } from 'node:crypto';
import { Mode } from './mode';
import { WorkspaceId } from './ids';

/**
 * Publishable keys (`pk_`) may only register clicks, from browsers. Secret keys (`sk_`) call the
 * Conversion API and the management API. The mode is part of the key so a key can never reach
 * the other mode's data.
 */
export type ApiKeyKind = 'publishable' | 'secret';

export interface ApiKeyIdentity {
  workspaceId: WorkspaceId;
  mode: Mode;
  kind: ApiKeyKind;
  /** The key's row id, so changes made with the key can name it in the audit log. */
  keyId?: string;
  /** A rolled key works until then (ISO 8601), in every service, then stops. */
  expiresAt?: string;
  /**
   * Who acts when the key is not one of the workspace's own: `dashboard_user:<id>` for the key a
   * dashboard session forwards with. The audit log names them instead of a key.
   */
  actor?: string;
  /**
   * The partner a partner portal session's key acts for (`ps_` keys): tracking lets it add that
   * partner's referral tokens only, up to the workspace's partner link limit.
   */
  partnerId?: string;
}

/**
 * `ss_` keys are dashboard sessions' keys: the dashboard service derives them from the session's
 * cookie and forwards them to the services, which treat them as secret keys of the session's
 * workspace and mode. They live in a directory of their own (the dashboard's), never in a browser.
 * `ps_` keys are the partner portal's sessions' keys: the same, published in the same directory, with
 * the partner they act for (`partnerId`).
 */
const KEY = /^(pk|sk|ss|ps)_(test|live)_[A-Za-z0-9]{32}$/;

export function parseApiKey(key: string): { kind: ApiKeyKind; mode: Mode; session: boolean } | null {
  const match = KEY.exec(key);
  if (!match) return null;
  return { kind: match[1] === 'pk' ? 'publishable' : 'secret', mode: match[2] as Mode, session: match[1] === 'ss' || match[1] === 'ps' };
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Bytes as the 62 letters and digits keys are written in. */
export function keyCharacters(bytes: Uint8Array): string {
  let body = '';
  // 62 does not divide 256; the bias this leaves is irrelevant at 32 characters of entropy.
  for (const b of bytes) body += ALPHABET[b % ALPHABET.length];
  return body;
}

export function generateApiKey(kind: ApiKeyKind, mode: Mode): string {
  return `${kind === 'publishable' ? 'pk' : 'sk'}_${mode}_${keyCharacters(randomBytes(32))}`;
}

/**
 * Keys are stored and looked up by their SHA-256: they are 190 random bits, so a slow
 * password hash would add latency to every request without adding safety.
 */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** What may be shown of a key after creation: its prefix and last characters (e.g. `sk_test_…x9Qz`). */
export function apiKeyHint(key: string): string {
  return `${key.slice(0, key.indexOf('_', 3) + 1)}…${key.slice(-4)}`;
}
