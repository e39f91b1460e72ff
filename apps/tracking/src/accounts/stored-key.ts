import { ApiKeyKind, apiKeyHint, hashApiKey } from '@app/domain';

/**
 * What is kept of a key just made: its hash (to find it), its hint, and, for a publishable key
 * only, the key itself. Publishable keys are public by design, like Stripe's, and the dashboard shows
 * them in the snippet tag; a secret key is never kept in plaintext.
 */
export function storedKey(kind: ApiKeyKind, key: string): { keyHash: string; keyHint: string; publishableKey: string | null } {
  return { keyHash: hashApiKey(key), keyHint: apiKeyHint(key), publishableKey: kind === 'publishable' ? key : null };
}
