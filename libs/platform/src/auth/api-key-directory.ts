import { Inject, Injectable } from '@nestjs/common';
import { KV } from 'nats';
import { ApiKeyIdentity, hashApiKey, parseApiKey } from '@app/domain';
import { NatsClient } from '@app/messaging';
import { TtlCache } from '../ttl-cache';

const BUCKET = 'api_keys';
const POSITIVE_TTL_MS = 60_000;
const NEGATIVE_TTL_MS = 5_000;

/**
 * Where every service looks up an API key. The tracking service owns workspaces and keys and
 * publishes each key's hash here (a JetStream key-value bucket); the others only read, so no
 * service reads another's tables and none depends on another being up to authenticate.
 * Only SHA-256 hashes are stored.
 */
@Injectable()
export class ApiKeyDirectory {
  private bucket?: Promise<KV>;
  private readonly cache = new TtlCache<string, ApiKeyIdentity | null>(POSITIVE_TTL_MS);

  constructor(@Inject(NatsClient) private readonly nats: NatsClient) {}

  private kv(): Promise<KV> {
    this.bucket ??= this.nats.kv(BUCKET).catch((err) => {
      this.bucket = undefined;
      throw err;
    });
    return this.bucket;
  }

  async publish(keyHash: string, identity: ApiKeyIdentity): Promise<void> {
    const kv = await this.kv();
    await kv.put(keyHash, JSON.stringify(identity));
    this.cache.delete(keyHash);
  }

  async withdraw(keyHash: string): Promise<void> {
    const kv = await this.kv();
    await kv.delete(keyHash);
    this.cache.delete(keyHash);
  }

  /** The identity behind a plaintext key, or null when the key is malformed, unknown or revoked. */
  async resolve(key: string): Promise<ApiKeyIdentity | null> {
    const format = parseApiKey(key);
    if (!format) return null;
    const keyHash = hashApiKey(key);
    return this.cache.getOrLoad(
      keyHash,
      async () => {
        const entry = await (await this.kv()).get(keyHash);
        if (!entry || entry.operation !== 'PUT') return null;
        const identity = JSON.parse(new TextDecoder().decode(entry.value)) as ApiKeyIdentity;
        // The prefix of the key must agree with what was registered for it.
        return identity.kind === format.kind && identity.mode === format.mode ? identity : null;
      },
      (identity) => (identity ? POSITIVE_TTL_MS : NEGATIVE_TTL_MS),
    );
  }
}
