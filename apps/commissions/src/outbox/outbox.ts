import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { JSONCodec } from 'nats';
import { JetStreamPublisher, NatsClient } from '@app/messaging';
import { preparedQuery } from '@app/persistence';

const BATCH = 200;
const IDLE_POLL_MS = 250;
const json = JSONCodec();

/** An event to publish once the transaction that wrote it commits. */
export interface OutgoingEvent {
  /** Relative to the namespace, e.g. `commission.created`. */
  subject: string;
  /** The event id: JetStream's duplicate window drops a second publish of it. */
  id: string;
  payload: unknown;
}

/** Writes events in the caller's transaction: they leave only if the change they announce commits. */
@Injectable()
export class Outbox {
  constructor(private readonly nats: NatsClient) {}

  async enqueue(db: EntityManager, events: OutgoingEvent[]): Promise<void> {
    for (const e of events) {
      // Stored with the namespace, as attribution's outbox does: the row names exactly where it goes.
      await preparedQuery(db, `INSERT INTO commissions.outbox (subject, msg_id, payload) VALUES ($1, $2, $3)`, [
        this.nats.subject(e.subject),
        e.id,
        JSON.stringify(e.payload),
      ]);
    }
  }
}

/**
 * Publishes the outbox to JetStream in a transaction that takes the rows out and commits once
 * JetStream stored them: at least once, and the stream's duplicate window (keyed on the event id)
 * drops the copy a crash between the PubAck and the commit would send. Replicas share the rows with
 * `FOR UPDATE SKIP LOCKED`; rows go in id order within a batch.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;
  private stopped = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly publisher: JetStreamPublisher,
  ) {}

  onApplicationBootstrap(): void {
    this.schedule(0);
  }

  /** Called after a transaction that wrote to the outbox committed. */
  poke(): void {
    if (this.running) this.again = true;
    else this.schedule(0);
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.again = false;
      this.running = this.drain().finally(() => {
        this.running = undefined;
        this.schedule(this.again ? 0 : IDLE_POLL_MS);
      });
    }, delayMs);
  }

  private async drain(): Promise<void> {
    try {
      while (!this.stopped && (await this.publishBatch()) === BATCH);
    } catch (err) {
      this.logger.warn({ msg: 'outbox relay paused; will retry', error: (err as Error).message });
    }
  }

  private publishBatch(): Promise<number> {
    return this.dataSource.transaction(async (db) => {
      const rows = (
        await preparedQuery<{ id: string; subject: string; msg_id: string; payload: unknown }>(
          db,
          `DELETE FROM commissions.outbox WHERE id IN (SELECT id FROM commissions.outbox ORDER BY id LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)
           RETURNING id, subject, msg_id, payload`,
          [],
        )
      ).sort((a, b) => Number(a.id) - Number(b.id));
      // All at once, in id order: the publisher sends them in turns of many and awaits their PubAcks together,
      // where one publish after another would cap the relay at one round trip per event.
      await Promise.all(rows.map((row) => this.publisher.publishToSubject(row.subject, json.encode(row.payload), { msgId: row.msg_id })));
      return rows.length;
    });
  }

  /** Before the database closes (its own shutdown hook), so a closing service logs no failed round. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }
}
