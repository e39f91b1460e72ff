import { Injectable } from '@nestjs/common';
import { KV } from 'nats';
import type { Mode } from '@app/domain';
import { NatsClient } from '@app/messaging';

const BUCKET = 'stripe_signing_secrets';

/** One active Stripe signing secret of a workspace, sealed with `WEBHOOK_SECRETS_KEY`. */
export interface SealedStripeSigningSecret {
  id: string;
  /** Events whose `livemode` differs are refused even when this secret signed them. */
  mode: Mode;
  sealed: string;
}

/**
 * Where the gateway finds a workspace's Stripe signing secrets. Tracking owns them (its table, its
 * management API) and publishes each workspace's active list here (a JetStream key-value bucket):
 * the gateway keeps no database, reads no other service's tables and needs no other service up to
 * verify an event. The values stay sealed here, so a copy of NATS alone gives no secret away.
 */
@Injectable()
export class StripeSigningSecretDirectory {
  private bucket?: Promise<KV>;

  constructor(private readonly nats: NatsClient) {}

  private kv(): Promise<KV> {
    this.bucket ??= this.nats.kv(BUCKET).catch((err) => {
      this.bucket = undefined;
      throw err;
    });
    return this.bucket;
  }

  /** Replaces the workspace's list (an empty list still marks the workspace as known). */
  async publish(workspaceId: string, secrets: SealedStripeSigningSecret[]): Promise<void> {
    await (await this.kv()).put(workspaceId, JSON.stringify(secrets));
  }

  /**
   * The workspace's active secrets, or null when the workspace is unknown here. Read on every
   * event, not cached: Stripe's traffic is modest, and a removed secret stops working at once.
   */
  async read(workspaceId: string): Promise<SealedStripeSigningSecret[] | null> {
    const entry = await (await this.kv()).get(workspaceId);
    if (!entry || entry.operation !== 'PUT') return null;
    return JSON.parse(new TextDecoder().decode(entry.value)) as SealedStripeSigningSecret[];
  }
}
