import { Injectable } from '@nestjs/common';
import { normalizeUuid } from '@app/domain';
import { RecordPartnerCommand } from './record-partner.command';
import { CommissionsStore } from '../../store/commissions-store';

/** Keeps the newest name, email and payout details of a partner (tracking republishes them all at start-up: an older copy changes nothing). */
@Injectable()
export class RecordPartnerUseCase {
  constructor(private readonly store: CommissionsStore) {}

  async execute(c: RecordPartnerCommand): Promise<void> {
    await this.store.partners.upsert(
      this.store.db,
      c.workspace_id,
      c.mode,
      {
        partnerId: normalizeUuid(c.partner_id),
        name: c.name,
        email: c.email,
        payoutEmail: c.payout_email ?? null,
        payoutReference: c.payout_reference ?? null,
      },
      c.updated_at,
    );
  }
}
