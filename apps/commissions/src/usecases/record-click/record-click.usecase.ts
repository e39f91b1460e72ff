import { Inject, Injectable } from '@nestjs/common';
import { normalizeUuid } from '@app/domain';
import { ClickCopiesRepository } from '../../store/copies.repository';
import { Transactions } from '../../store/transactions';
import { RecordClickCommand } from './record-click.command';

/** Counts a click once, whatever the redeliveries (keyed by its id). */
@Injectable()
export class RecordClickUseCase {
  constructor(
    @Inject(Transactions) private readonly tx: Transactions,
    @Inject(ClickCopiesRepository) private readonly clicks: ClickCopiesRepository,
  ) {}

  async execute(c: RecordClickCommand): Promise<void> {
    await this.clicks.record(this.tx.db, c.workspace_id, c.mode, normalizeUuid(c.click_id), normalizeUuid(c.partner_id), c.clicked_at);
  }
}
