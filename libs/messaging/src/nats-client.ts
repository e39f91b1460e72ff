import { Logger, OnApplicationShutdown } from '@nestjs/common';
import { connect, DebugEvents, Events, JetStreamClient, JetStreamManager, KV, NatsConnection } from 'nats';
import { MessagingOptions } from './messaging.options';
import { provisionStreams } from './stream-provisioner';

/**
 * One NATS connection per process, shared by the publisher, the consumers and the key directory.
 * It reconnects forever; `isConnected` lets callers refuse work quickly (a 503) instead of
 * waiting on a request that cannot be answered.
 */
export class NatsClient implements OnApplicationShutdown {
  private readonly logger = new Logger(NatsClient.name);
  private connected = false;
  /** The subject of the last publish JetStream did not store, until a publish is stored or its stream answers again. */
  private notStoredSubject?: string;
  private nc!: NatsConnection;
  js!: JetStreamClient;
  jsm!: JetStreamManager;

  constructor(readonly options: MessagingOptions) {}

  static async connect(options: MessagingOptions): Promise<NatsClient> {
    const client = new NatsClient(options);
    await client.open();
    return client;
  }

  private async open(): Promise<void> {
    this.nc = await connect({
      servers: this.options.natsUrl.split(',').map((s) => s.trim()),
      name: this.options.serviceName,
      ...(this.options.natsUser !== undefined ? { user: this.options.natsUser, pass: this.options.natsPassword ?? '' } : {}),
      maxReconnectAttempts: -1,
      reconnectTimeWait: 500,
      waitOnFirstConnect: true,
      // nats.js captures a stack trace eagerly for every request (consumer pulls, acks, key reads);
      // at thousands of messages a second that was a few percent of the CPU, for traces nobody reads.
      // JetStream publishes do not go through nats.js requests at all (pub-ack-inbox.ts).
      noAsyncTraces: true,
    });
    this.connected = true;
    void this.watchStatus();
    this.jsm = await this.nc.jetstreamManager({ timeout: this.options.publishTimeoutMs }).catch((err: unknown) => {
      throw new Error(`NATS at ${this.options.natsUrl} has no JetStream (start nats-server with -js): ${String(err)}`);
    });
    this.js = this.nc.jetstream({ timeout: this.options.publishTimeoutMs });
    await provisionStreams(this.jsm, this.options);
    this.logger.log({ msg: 'nats connected', server: this.nc.getServer(), namespace: this.options.namespace });
  }

  private async watchStatus(): Promise<void> {
    for await (const status of this.nc.status()) {
      if (status.type === Events.Disconnect || status.type === DebugEvents.Reconnecting) {
        if (this.connected) this.logger.warn({ msg: 'nats disconnected' });
        this.connected = false;
      } else if (status.type === Events.Reconnect) {
        this.connected = true;
        this.logger.log({ msg: 'nats reconnected', server: this.nc.getServer() });
      }
    }
  }

  get isConnected(): boolean {
    return this.connected && !this.nc.isClosed();
  }

  /** Told by the publisher after each publish: whether JetStream stored it. */
  noteStored(stored: boolean, subject: string): void {
    this.notStoredSubject = stored ? undefined : subject;
  }

  /**
   * Whether JetStream stores what this process publishes: true unless its last publish was not
   * stored (a clustered stream electing a new leader, say); then true again once that subject's
   * stream answers (it has a leader), or the next publish is stored, or no stream stores that subject. Readiness reports it, so a
   * failover shows as `nats: down` even while the connection to a surviving node stays up.
   */
  async isStoring(): Promise<boolean> {
    const subject = this.notStoredSubject;
    if (subject === undefined) return true;
    try {
      await this.jsm.streams.info(await this.jsm.streams.find(subject));
    } catch (err) {
      // No stream stores that subject at all (a publish to a subject nothing is provisioned for): that
      // message's own answer, not an outage; readiness must not wait for a publish that may never come.
      if (!/no stream matches subject/.test((err as Error).message)) return false;
    }
    if (this.notStoredSubject === subject) this.notStoredSubject = undefined;
    return true;
  }

  get connection(): NatsConnection {
    return this.nc;
  }

  /** `click.recorded` -> `selgeo.click.recorded` */
  subject(relative: string): string {
    return `${this.options.namespace}.${relative}`;
  }

  /** `click.recorded` <- `selgeo.click.recorded` */
  relativeSubject(absolute: string): string {
    const prefix = `${this.options.namespace}.`;
    return absolute.startsWith(prefix) ? absolute.slice(prefix.length) : absolute;
  }

  streamName(logical: string): string {
    return `${this.options.namespace.toUpperCase()}_${logical}`;
  }

  /** `ttl`: how long a key lives, in milliseconds (kept forever without it). */
  kv(bucket: string, options: { ttl?: number } = {}): Promise<KV> {
    return this.js.views.kv(`${this.options.namespace}_${bucket}`, { history: 1, replicas: this.options.streamReplicas, ...options });
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.nc && !this.nc.isClosed()) await this.nc.drain().catch(() => this.nc.close());
  }
}
