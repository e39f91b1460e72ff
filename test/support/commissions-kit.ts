import { randomUUID } from 'node:crypto';
import type { ConversionEvent, ConversionView, Mode, PartnerUpsertedEvent } from '@app/domain';
import { generateApiKey, hashApiKey, Subjects } from '@app/domain';
import { JetStreamPublisher } from '@app/messaging';
import { ApiKeyDirectory } from '@app/platform';
import { sale } from '../../apps/commissions/src/testing/sale';
import { TestSystem } from './system';

/**
 * What the commissions tests publish in place of attribution and tracking (conversion and partner
 * events on their JetStream subjects), and the secret keys they call the API with.
 */
export class CommissionsKit {
  private clock = Date.now();

  constructor(private readonly system: TestSystem) {}

  /** A secret key of a workspace and mode, published to the key directory as tracking does. */
  async secretKey(workspaceId: string, mode: Mode): Promise<string> {
    const key = generateApiKey('secret', mode);
    await this.system.commissions!.get(ApiKeyDirectory).publish(hashApiKey(key), { workspaceId, mode, kind: 'secret' });
    return key;
  }

  /** Event times that only move forward, a second apart. */
  tick(): string {
    this.clock += 1000;
    return new Date(this.clock).toISOString();
  }

  /** The commissions specs' sale (apps/commissions/src/testing/sale.ts), at the kit's next tick, in `mode`. */
  sale(workspaceId: string, mode: Mode, partnerId: string, over: Partial<ConversionView> = {}): ConversionView {
    const at = this.tick();
    return sale(partnerId, { mode, source_event_id: `evt_${randomUUID().slice(0, 8)}`, occurred_at: at, created_at: at, ...over });
  }

  event(workspaceId: string, conversion: ConversionView, type: ConversionEvent['type'] = 'conversion.updated', createdAt = this.tick()): ConversionEvent {
    return { id: randomUUID(), type, api_version: 'v1', workspace_id: workspaceId, mode: conversion.mode, created_at: createdAt, conversion };
  }

  /** Publishes as attribution would; `msgId` differs from the event id to get past JetStream's duplicate window (a redelivery). */
  async publishConversion(event: ConversionEvent, msgId = event.id): Promise<void> {
    await this.system.commissions!.get(JetStreamPublisher).publish(Subjects.conversionEvent(event.type), event, { msgId });
  }

  async publishPartner(event: PartnerUpsertedEvent): Promise<void> {
    await this.system.commissions!.get(JetStreamPublisher).publish(Subjects.partnerUpserted, event, { msgId: randomUUID() });
  }

  async publishClick(workspaceId: string, mode: Mode, partnerId: string): Promise<void> {
    const at = new Date().toISOString();
    await this.system.commissions!.get(JetStreamPublisher).publish(
      Subjects.clickRecorded,
      {
        click_id: randomUUID(),
        workspace_id: workspaceId,
        mode,
        partner_id: partnerId,
        referral_token: 'tok',
        clicked_at: at,
        expires_at: new Date(Date.now() + 86_400_000).toISOString(),
      },
      { msgId: randomUUID() },
    );
  }
}
