import { Injectable, Logger } from '@nestjs/common';
import { KV, KvWatchInclude } from 'nats';
import { ApiKeyIdentity, hashApiKey, parseApiKey } from '@app/domain';
import { MessagingUnavailableError, NatsClient } from '@app/messaging';
import { TtlCache } from '../ttl-cache';

/** Tracking owns the workspaces' keys; the dashboard owns its sessions' keys (`ss_`, and the partner portal's `ps_`). */
const BUCKET = 'api_keys';
const SESSION_BUCKET = 'dashboard_session_keys';
/** A bound on staleness should the watch stall without ending; the watch is what makes revocations quick. */
const POSITIVE_TTL_MS = 60_000;
const NEGATIVE_TTL_MS = 5_000;

/**
 * Where every service looks up an API key. The tracking service owns workspaces and keys and
 * publishes each key's hash here (a JetStream key-value bucket); the others only read, so no
 * service reads another's tables and none depends on another being up to authenticate.
 * Only SHA-256 hashes are stored.
 *
 * Each service caches what it looked up and watches the bucket: a key's update or deletion
 * (a roll, a revocation) evicts it from every service's cache within the time NATS takes to
 * deliver the change, not after the cache's expiry.
 */
@Injectable()
export class ApiKeyDirectory {
  private readonly logger = new Logger(ApiKeyDirectory.name);
  private readonly buckets = new Map<string, Promise<KV>>();
  private readonly cache = new TtlCache<string, ApiKeyIdentity | null>(POSITIVE_TTL_MS);
  /** Counts evictions, so a lookup that raced with one is not cached. */
  private evictions = 0;

  constructor(private readonly nats: NatsClient) {}

  private kv(name = BUCKET): Promise<KV> {
    let bucket = this.buckets.get(name);
    if (!bucket) {
      bucket = this.nats
        .kv(name)
        .then(async (kv) => {
          await this.follow(name, kv);
          return kv;
        })
        .catch((err) => {
          this.buckets.delete(name);
          throw err;
        });
      this.buckets.set(name, bucket);
    }
    return bucket;
  }

  /** Evicts each key the bucket reports as changed; when the watch ends, forgets everything and watches again on the next lookup. */
  private async follow(name: string, kv: KV): Promise<void> {
    const changes = await kv.watch({ include: KvWatchInclude.UpdatesOnly });
    void (async () => {
      try {
        for await (const change of changes) this.evict(change.key);
      } catch (err) {
        this.logger.warn({ msg: 'api key watch ended', err: (err as Error).message });
      } finally {
        this.buckets.delete(name);
        this.evictions++;
        this.cache.clear();
      }
    })();
  }

  private evict(keyHash: string): void {
    this.evictions++;
    this.cache.delete(keyHash);
  }

  async publish(keyHash: string, identity: ApiKeyIdentity): Promise<void> {
    const kv = await this.kv();
    await kv.put(keyHash, JSON.stringify(identity));
    this.evict(keyHash);
  }

  async withdraw(keyHash: string): Promise<void> {
    const kv = await this.kv();
    await kv.delete(keyHash);
    this.evict(keyHash);
  }

  /**
   * A dashboard session's key (`ss_...`) or a partner portal session's (`ps_...`, with `partnerId`),
   * valid until `identity.expiresAt`; only the dashboard publishes these. The identity is stored
   * whole, so every field of it (`actor`, `partnerId`) reaches the services that resolve the key.
   */
  async publishSessionKey(keyHash: string, identity: ApiKeyIdentity): Promise<void> {
    await unavailableUnless(async () => (await this.kv(SESSION_BUCKET)).put(keyHash, JSON.stringify(identity)));
    this.evict(keyHash);
  }

  async withdrawSessionKey(keyHash: string): Promise<void> {
    await unavailableUnless(async () => (await this.kv(SESSION_BUCKET)).delete(keyHash));
    this.evict(keyHash);
  }

  /** The identity behind a plaintext key, or null when the key is malformed, unknown, revoked or past its grace period. */
  async resolve(key: string): Promise<ApiKeyIdentity | null> {
    const format = parseApiKey(key);
    if (!format) return null;
    const keyHash = hashApiKey(key);
    const evictionsBefore = this.evictions;
    const identity = await unavailableUnless(() =>
      this.cache.getOrLoad(
        keyHash,
        async () => {
          const entry = await (await this.kv(format.session ? SESSION_BUCKET : BUCKET)).get(keyHash);
          if (!entry || entry.operation !== 'PUT') return null;
          const found = JSON.parse(new TextDecoder().decode(entry.value)) as ApiKeyIdentity;
          // The prefix of the key must agree with what was registered for it.
          return found.kind === format.kind && found.mode === format.mode ? found : null;
        },
        // A change seen while the lookup was in flight may be newer than what it read: do not keep it.
        (found) => (this.evictions !== evictionsBefore ? 0 : found ? POSITIVE_TTL_MS : NEGATIVE_TTL_MS),
      ),
    );
    if (identity?.expiresAt && Date.parse(identity.expiresAt) <= Date.now()) return null;
    return identity;
  }
}

/** NATS holds the keys: while it cannot be reached, a key can be neither checked nor changed (503, with words). */
async function unavailableUnless<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw new MessagingUnavailableError(
      `API key directory: ${(err as Error).message}`,
      'Keys cannot be checked right now (the message broker is unavailable); retry shortly',
    );
  }
}
