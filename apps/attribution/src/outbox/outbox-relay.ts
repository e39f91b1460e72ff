import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
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
  await preparedQuery(db, `INSERT INTO attribution.outbox (subject, msg_id, payload) VALUES ($1, $2, $3)`, [
    message.subject,
    message.msgId,
    JSON.stringify(message.payload),
  ]);
}
const IDLE_POLL_MS = 250;
/**
 * How long the relay remembers an announcement published straight after its commit. The relay
 * normally takes the row within milliseconds; one it takes later (after a database outage, or a row
 * another replica announced) is published again, and the stream's duplicate window drops the copy.
 */
const ANNOUNCED_MEMORY_MS = 10_000;
/**
 * How soon the relay follows rows already published early: it only takes them out and makes their
 * webhook deliveries, so it waits to take more of them per transaction.
 */
const AFTER_EARLY_PUBLISH_MS = 50;

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
 *
 * Whoever commits outbox rows and still holds them hands them to `publishCommitted`, which
 * publishes them at once: a conversion is announced one publish after its commit, not after the
 * relay's own transaction and whatever batch it is busy with. The rows stay the guarantee: the relay still
 * takes each one out of the table, makes its webhook deliveries, and publishes it itself unless
 * JetStream already stored the early copy.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private timer?: NodeJS.Timeout;
  private dueAt = Infinity;
  private draining?: Promise<void>;
  /** The soonest run asked for while a drain was running (null: none). */
  private pokedWhileDraining: number | null = null;
  private readonly hooks: OutboxBatchHook[] = [];
  private stopped = false;
  /** Early publishes by msg id (true once JetStream stored it), in two generations of ANNOUNCED_MEMORY_MS. */
  private announced = new Map<string, Promise<boolean>>();
  private announcedBefore = new Map<string, Promise<boolean>>();
  private announcedSince = Date.now();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly publisher: JetStreamPublisher,
  ) {}

  onApplicationBootstrap(): void {
    this.schedule(0);
  }

  /** Registers work to run in the relay's transaction for every batch (see OutboxBatchHook). */
  beforePublish(hook: OutboxBatchHook): void {
    this.hooks.push(hook);
  }

  /**
   * Publishes messages whose outbox rows have just committed, without waiting for the relay; the
   * relay then takes the rows out (and publishes any that JetStream did not store).
   */
  publishCommitted(messages: OutboxMessage[]): void {
    if (messages.length === 0) return;
    if (Date.now() - this.announcedSince > ANNOUNCED_MEMORY_MS) {
      this.announcedBefore = this.announced;
      this.announced = new Map();
      this.announcedSince = Date.now();
    }
    for (const m of messages) {
      const stored = this.publish(m.subject, m.payload, m.msgId).then(
        () => true,
        () => false, // the relay publishes it from the row
      );
      this.announced.set(m.msgId, stored);
    }
    this.poke(AFTER_EARLY_PUBLISH_MS);
  }

  /** Subjects are stored with their namespace (see SaleRecorder). */
  private publish(subject: string, payload: unknown, msgId: string): Promise<unknown> {
    return this.publisher.publishToSubject(subject, json.encode(payload), { msgId });
  }

  /** The early publish of this message, if one was made and not yet taken. */
  private takeAnnounced(msgId: string): Promise<boolean> | undefined {
    const stored = this.announced.get(msgId) ?? this.announcedBefore.get(msgId);
    if (stored) {
      this.announced.delete(msgId);
      this.announcedBefore.delete(msgId);
    }
    return stored;
  }

  /** Runs within `delayMs` (or sooner, if already due); called after a transaction that wrote to the outbox committed. */
  poke(delayMs = 0): void {
    if (this.draining) this.pokedWhileDraining = Math.min(this.pokedWhileDraining ?? delayMs, delayMs);
    else this.schedule(delayMs);
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    const due = Date.now() + delayMs;
    if (this.timer && due >= this.dueAt) return; // a run is due sooner already
    clearTimeout(this.timer);
    this.dueAt = due;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.dueAt = Infinity;
      this.pokedWhileDraining = null;
      this.draining = this.drain().finally(() => {
        this.draining = undefined;
        // Rows committed while this drain ran may have missed its last read: go again as asked
        // rather than after the idle poll (which had added up to 250 ms to a conversion's announcement).
        this.schedule(this.pokedWhileDraining ?? IDLE_POLL_MS);
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
      this.pokedWhileDraining = null; // wait the idle poll before trying again
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
      if (written > 0) this.pokedWhileDraining = 0;
      // Sent together, acknowledged together: the stream stores them in the order they were sent
      // (those published early were stored in the order they committed).
      await Promise.all(
        rows.map(async (row) => {
          const early = this.takeAnnounced(row.msg_id);
          if (early && (await early)) return;
          await this.publish(row.subject, row.payload, row.msg_id);
        }),
      );
      return rows.length;
    });
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.draining;
  }
}
