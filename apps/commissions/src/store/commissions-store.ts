import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Outbox, OutboxRelay, OutgoingEvent } from '../outbox/outbox';
import { CommissionsRepository } from './commissions.repository';
import { ClickCopiesRepository, ConversionCopiesRepository, InboxRepository, PartnerCopiesRepository } from './copies.repository';
import { PayoutsRepository } from './payouts.repository';
import { PlansRepository } from './plans.repository';
import { SummaryRepository } from './summary.repository';

/** Announces events of the change being written: they leave only if it commits. */
export type Announce = (...events: OutgoingEvent[]) => void;

/**
 * The commissions service's data, injected as one (as attribution's AttributionStore is): its
 * transactions, which write the events they announce to the outbox, and its repositories. These
 * keep no state: each takes the manager of the transaction it runs in, or `db` for a read outside one.
 */
@Injectable()
export class CommissionsStore {
  readonly commissions = new CommissionsRepository();
  readonly payouts = new PayoutsRepository();
  readonly plans = new PlansRepository();
  readonly summaries = new SummaryRepository();
  readonly conversions = new ConversionCopiesRepository();
  readonly partners = new PartnerCopiesRepository();
  readonly clicks = new ClickCopiesRepository();
  readonly inbox = new InboxRepository();

  constructor(
    @InjectDataSource() readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly relay: OutboxRelay,
  ) {}

  /**
   * Runs `work` in one transaction, with the events it announces written to the outbox in that
   * same transaction; once it commits, the relay is poked, so the events leave now rather than at
   * its next poll.
   */
  async run<T>(work: (db: EntityManager, announce: Announce) => Promise<T>): Promise<T> {
    let announced = false;
    const result = await this.dataSource.transaction(async (db) => {
      const events: OutgoingEvent[] = [];
      const done = await work(db, (...more) => void events.push(...more));
      await this.outbox.enqueue(db, events);
      announced = events.length > 0;
      return done;
    });
    if (announced) this.relay.poke();
    return result;
  }

  /** For reads outside a transaction. */
  get db(): EntityManager {
    return this.dataSource.manager;
  }
}
