import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { JSONCodec } from 'nats';
import { JetStreamPublisher } from '@app/messaging';
import { preparedQuery } from '@app/persistence';

const BATCH = 200;

export interface OutboxMessage {
  /** The full subject, namespace included: a relay of another deployment sharing the database may publish the row. */
  subject: string;
  msgId: string;
  payload: unknown;
}

/** Writes a message to publish once the surrounding transaction commits. */
export async function enqueueOutboxMessage(db: EntityManager, message: OutboxMessage): Promise<void> {
  await preparedQuery(db, `INSERT INTO attribution.outbox (subject, msg_id, payload) VALUES ($1, $2, $3)`, [message.subject, message.msgId, JSON.stringify(message.payload)]);
}
const IDLE_POLL_MS = 250;

/** A row as the relay reads it; `payload` is the parsed JSON. */
export interface OutboxRow {
  id: string;
  subject: string;
  msg_id: string;
  payload: unknown;
}

/**
 * Work done for a batch inside the relay's transaction, before its rows are published: what
 * happens because a message is sent (a webhook delivery per subscribed endpoint) then commits
 * exactly when the message leaves the outbox. Returns how many outbox rows it wrote itself.
 */
export type OutboxBatchHook = (db: EntityManager, rows: OutboxRow[]) => Promise<number>;
const json = JSONCodec();

/**
 * Publishes the outbox (`conversion.*` events written in the same transaction as the change) to
 * JetStream, in a transaction that takes the rows out of the table and commits once JetStream has
 * stored them. At least once: a crash between the PubAcks and the commit republishes, and
 * JetStream's duplicate window (keyed on the event id) drops the copy.
 * Replicas share the work with `FOR UPDATE SKIP LOCKED`.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private timer?: NodeJS.Timeout;
  private draining?: Promise<void>;
  private pokedWhileDraining = false;
  private readonly hooks: OutboxBatchHook[] = [];
  private stopped = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(JetStreamPublisher) private readonly publisher: JetStreamPublisher,
  ) {}

  onApplicationBootstrap(): void {
    this.schedule(0);
  }

  /** Registers work to run in the relay's transaction for every batch (see OutboxBatchHook). */
  beforePublish(hook: OutboxBatchHook): void {
    this.hooks.push(hook);
  }

  /** Publishes soon; called after a transaction that wrote to the outbox committed. */
  poke(): void {
    if (this.draining) this.pokedWhileDraining = true;
    else this.schedule(0);
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.pokedWhileDraining = false;
      this.draining = this.drain().finally(() => {
        this.draining = undefined;
        // Rows committed while this drain ran may have missed its last read: go again at once
        // rather than after the idle poll (which had added up to 250 ms to a conversion's announcement).
        this.schedule(this.pokedWhileDraining ? 0 : IDLE_POLL_MS);
      });
    }, delayMs);
  }

  private async drain(): Promise<void> {
    try {
      let published: number;
      do {
        published = await this.publishBatch();
      } while (published === BATCH && !this.stopped);
    } catch (err) {
      this.logger.warn({ msg: 'outbox relay paused; will retry', error: (err as Error).message });
      this.pokedWhileDraining = false; // wait the idle poll before trying again
    }
  }

  private publishBatch(): Promise<number> {
    return this.dataSource.transaction(async (db) => {
      // Taken out of the table at once (one round trip fewer than select, then delete): if anything
      // below fails, the transaction rolls back and the rows are there again for the next attempt.
      const rows = (
        await preparedQuery<OutboxRow>(
          db,
          `DELETE FROM attribution.outbox WHERE id IN (SELECT id FROM attribution.outbox ORDER BY id LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)
           RETURNING id, subject, msg_id, payload`,
          [],
        )
      ).sort((a, b) => Number(a.id) - Number(b.id));
      let written = 0;
      for (const hook of this.hooks) written += await hook(db, rows);
      // The rows the hooks wrote are for the next batch: go again once this one commits.
      if (written > 0) this.pokedWhileDraining = true;
      // Subjects are stored with their namespace (see SaleRecorder).
      // Sent together, acknowledged together: the stream stores them in the order they were sent.
      await Promise.all(rows.map((row) => this.publisher.publishToSubject(row.subject, json.encode(row.payload), { msgId: row.msg_id })));
      return rows.length;
    });
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.draining;
  }
}
