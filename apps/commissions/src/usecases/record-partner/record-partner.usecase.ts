import { Inject, Injectable } from '@nestjs/common';
import { normalizeUuid } from '@app/domain';
import { PartnerCopiesRepository } from '../../store/copies.repository';
import { Transactions } from '../../store/transactions';
import { RecordPartnerCommand } from './record-partner.command';

/** Keeps the newest name and email of a partner (tracking republishes them all at start-up: an older copy changes nothing). */
@Injectable()
export class RecordPartnerUseCase {
  constructor(
    @Inject(Transactions) private readonly tx: Transactions,
    @Inject(PartnerCopiesRepository) private readonly partners: PartnerCopiesRepository,
  ) {}

  async execute(c: RecordPartnerCommand): Promise<void> {
    await this.partners.upsert(this.tx.db, c.workspace_id, c.mode, { partnerId: normalizeUuid(c.partner_id), name: c.name, email: c.email }, c.updated_at);
  }
}
