import { Injectable } from '@nestjs/common';
import { normalizeUuid } from '@app/domain';
import { RecordClickCommand } from './record-click.command';
import { CommissionsStore } from '../../store/commissions-store';

/** Counts a click once, whatever the redeliveries (keyed by its id). */
@Injectable()
export class RecordClickUseCase {
  constructor(private readonly store: CommissionsStore) {}

  async execute(c: RecordClickCommand): Promise<void> {
    await this.store.clicks.record(this.store.db, c.workspace_id, c.mode, normalizeUuid(c.click_id), normalizeUuid(c.partner_id), c.clicked_at);
  }
}
