import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Outbox, OutboxRelay, OutgoingEvent } from '../outbox/outbox';

/** Announces events of the change being written: they leave only if it commits. */
export type Announce = (...events: OutgoingEvent[]) => void;

/** Runs use cases' writes in one transaction; the repositories take its manager. */
@Injectable()
export class Transactions {
  constructor(
    @InjectDataSource() readonly dataSource: DataSource,
    @Inject(Outbox) private readonly outbox: Outbox,
    @Inject(OutboxRelay) private readonly relay: OutboxRelay,
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
