import { isUuid, normalizeUuid, STRIPE_METADATA_CLICK_ID } from '@app/domain';

/**
 * The click ids a completed Checkout Session names, most authoritative first (seed document,
 * "How Selgeo processes metadata"):
 *   1. `client_reference_id`, when it is a valid UUID (any letter case);
 *   2. `metadata.aff_click_id`.
 * Empty strings and absent keys are "no signal", never an error; a `client_reference_id` that is
 * not a UUID is the merchant's own reference and simply not a click id. Both are returned (the
 * first wins when both name clicks) because a UUID `client_reference_id` may be the merchant's
 * own order id, which must not block `metadata.aff_click_id`.
 */
export function checkoutClickIdCandidates(session: { client_reference_id?: unknown; metadata?: unknown }): string[] {
  const candidates: string[] = [];
  const reference = clean(session.client_reference_id);
  if (reference && isUuid(reference)) candidates.push(normalizeUuid(reference));
  const fromMetadata = clean(metadataValue(session.metadata, STRIPE_METADATA_CLICK_ID));
  if (fromMetadata && isUuid(fromMetadata)) {
    const id = normalizeUuid(fromMetadata);
    if (!candidates.includes(id)) candidates.push(id);
  }
  return candidates;
}

export function metadataValue(metadata: unknown, key: string): unknown {
  return metadata && typeof metadata === 'object' && !Array.isArray(metadata) ? (metadata as Record<string, unknown>)[key] : undefined;
}

function clean(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}
