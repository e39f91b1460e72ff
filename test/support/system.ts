import { randomBytes } from 'node:crypto';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { connect } from 'nats';
import { Consumers, Streams } from '@app/domain';
import { NatsClient } from '@app/messaging';
import { createAttributionApp } from '../../apps/attribution/src/attribution.app';
import { createCommissionsApp } from '../../apps/commissions/src/commissions.app';
import { loadCommissionsConfig } from '../../apps/commissions/src/config';
import { loadAttributionConfig } from '../../apps/attribution/src/config';
import { CreatedWorkspace, CreateWorkspaceUseCase } from '../../apps/tracking/src/accounts/create-workspace/create-workspace.usecase';
import { loadTrackingConfig } from '../../apps/tracking/src/config';
import { createTrackingApp } from '../../apps/tracking/src/tracking.app';
import { loadWebhookIngestConfig } from '../../apps/webhook-ingest/src/config';
import { createWebhookIngestApp } from '../../apps/webhook-ingest/src/webhook-ingest.app';
import { loadDashboardConfig } from '../../apps/dashboard/src/config';
import { createDashboardApp } from '../../apps/dashboard/src/dashboard.app';
import { ManageUsersUseCase } from '../../apps/dashboard/src/usecases/manage-users/manage-users.usecase';
import { freePort } from './nats-server';
import { newWebhookSecret } from './stripe-events';
import { TEST_DATABASE_URL, TEST_NATS_URL } from './test-env';

export interface SystemOptions {
  natsUrl?: string;
  webhookSecrets?: string[];
  /** Which services to start; tracking, webhook-ingest and attribution by default (commissions only when named). */
  services?: Array<'tracking' | 'webhook-ingest' | 'attribution' | 'commissions' | 'dashboard'>;
  env?: Record<string, string>;
}

/**
 * The three services, started in this process against the real PostgreSQL and NATS, in a
 * namespace and workspace of their own so test files can run side by side.
 */
export class TestSystem {
  tracking?: NestFastifyApplication;
  ingest?: NestFastifyApplication;
  attribution?: NestFastifyApplication;
  commissions?: NestFastifyApplication;
  dashboard?: NestFastifyApplication;
  /** The workspace's first dashboard owner (with the dashboard service). */
  dashboardOwner!: { email: string; password: string };
  /** More attribution (or commissions) replicas, sharing the same durable consumers; closed by stop(). */
  readonly extraAttributionReplicas: NestFastifyApplication[] = [];
  readonly urls = { tracking: '', ingest: '', attribution: '', commissions: '', dashboard: '' };
  workspace!: CreatedWorkspace;

  private constructor(
    readonly namespace: string,
    readonly workspaceId: string,
    readonly webhookSecrets: string[],
    readonly env: NodeJS.ProcessEnv,
  ) {}

  get webhookSecret(): string {
    return this.webhookSecrets[0];
  }

  static async start(options: SystemOptions = {}): Promise<TestSystem> {
    const suffix = randomBytes(4).toString('hex');
    const secrets = options.webhookSecrets ?? [newWebhookSecret()];
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: TEST_DATABASE_URL,
      NATS_URL: options.natsUrl ?? TEST_NATS_URL,
      SELGEO_NAMESPACE: `t${suffix}`,
      DEFAULT_WORKSPACE_ID: `ws_t${suffix}`,
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'error',
      TRACKING_PORT: '0',
      WEBHOOK_INGEST_PORT: '0',
      ATTRIBUTION_PORT: '0',
      COMMISSIONS_PORT: '0',
      STRIPE_WEBHOOK_SECRETS: secrets.join(','),
      WEBHOOK_SECRETS_KEY: randomBytes(32).toString('base64'),
      // The tests' receivers listen on loopback; production refuses it (see destination-guard.ts).
      WEBHOOK_ALLOW_LOOPBACK: 'true',
      // Every test client is 127.0.0.1: the per-client and unknown-token click limits are tested on their own.
      CLICK_RATE_LIMIT_PER_CLIENT_PER_MINUTE: '1000000',
      CLICK_UNKNOWN_TOKEN_LIMIT_PER_MINUTE: '1000000',
      ...options.env,
    };
    const system = new TestSystem(env.SELGEO_NAMESPACE!, env.DEFAULT_WORKSPACE_ID!, secrets, env);
    const services = options.services ?? ['tracking', 'webhook-ingest', 'attribution'];
    // The dashboard shows partners' hosted links, which must name the port tracking really listens on.
    if (services.includes('dashboard') && !options.env?.TRACKING_PUBLIC_URL) {
      env.TRACKING_PORT = String(await freePort());
      env.TRACKING_PUBLIC_URL = `http://127.0.0.1:${env.TRACKING_PORT}`;
    }
    try {
      if (services.includes('tracking')) {
        const tracking = await system.startTracking();
        const created = await tracking.get(CreateWorkspaceUseCase).execute({ id: system.workspaceId, name: 'Test workspace' });
        system.workspace = created!;
      }
      if (services.includes('webhook-ingest')) {
        system.ingest = await createWebhookIngestApp(loadWebhookIngestConfig(env));
        await system.ingest.listen(0, '127.0.0.1');
        system.urls.ingest = await system.ingest.getUrl();
      }
      if (services.includes('attribution')) await system.startAttribution();
      if (services.includes('commissions')) await system.startCommissions();
      if (services.includes('dashboard')) await system.startDashboard();
    } catch (err) {
      await system.stop();
      throw err;
    }
    return system;
  }

  get keys(): CreatedWorkspace['keys'] {
    return this.workspace.keys;
  }

  async startTracking(): Promise<NestFastifyApplication> {
    const tracking = await createTrackingApp(loadTrackingConfig(this.env));
    await tracking.listen(Number(this.env.TRACKING_PORT ?? 0), '127.0.0.1');
    this.tracking = tracking;
    this.urls.tracking = await tracking.getUrl();
    return tracking;
  }

  async stopTracking(): Promise<void> {
    await this.tracking?.close();
    this.tracking = undefined;
  }

  async startAttribution(): Promise<void> {
    this.attribution = await createAttributionApp(loadAttributionConfig(this.env));
    await this.attribution.startAllMicroservices();
    await this.attribution.listen(0, '127.0.0.1');
    this.urls.attribution = await this.attribution.getUrl();
  }

  async startCommissions(): Promise<void> {
    this.commissions = await createCommissionsApp(loadCommissionsConfig(this.env));
    await this.commissions.startAllMicroservices();
    await this.commissions.listen(0, '127.0.0.1');
    this.urls.commissions = await this.commissions.getUrl();
  }

  /** The dashboard, forwarding to the services started before it, with the workspace's first owner. */
  async startDashboard(): Promise<void> {
    const config = loadDashboardConfig({
      ...this.env,
      DASHBOARD_PORT: '0',
      TRACKING_URL: this.urls.tracking || 'http://127.0.0.1:9',
      ATTRIBUTION_URL: this.urls.attribution || 'http://127.0.0.1:9',
      COMMISSIONS_URL: this.urls.commissions || 'http://127.0.0.1:9',
      TRACKING_PUBLIC_URL: this.urls.tracking || 'http://127.0.0.1:9',
      WEBHOOK_INGEST_PUBLIC_URL: this.urls.ingest || 'http://127.0.0.1:9',
    });
    this.dashboard = await createDashboardApp(config);
    await this.dashboard.listen(0, '127.0.0.1');
    this.urls.dashboard = await this.dashboard.getUrl();
    const owner = await this.dashboard.get(ManageUsersUseCase).createOwner(this.workspaceId, `owner@${this.namespace}.test`);
    if (owner) this.dashboardOwner = { email: owner.user.email, password: owner.password };
  }

  /** Another commissions replica (consumers and sweep, no HTTP listener), sharing the durable consumers. */
  async addCommissionsReplica(): Promise<NestFastifyApplication> {
    const replica = await createCommissionsApp(loadCommissionsConfig(this.env));
    await replica.startAllMicroservices();
    await replica.init();
    this.extraAttributionReplicas.push(replica);
    return replica;
  }

  async stopAttribution(): Promise<void> {
    await this.attribution?.close();
    this.attribution = undefined;
  }

  async addAttributionReplica(): Promise<NestFastifyApplication> {
    const replica = await createAttributionApp(loadAttributionConfig(this.env));
    await replica.startAllMicroservices();
    await replica.init();
    this.extraAttributionReplicas.push(replica);
    return replica;
  }

  /** Resolves once attribution has consumed and acknowledged everything in its streams. */
  async attributionIdle(timeoutMs = 45_000): Promise<void> {
    const nats = (this.ingest ?? this.tracking ?? this.attribution ?? this.commissions)!.get(NatsClient);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const infos = await Promise.all([
        nats.jsm.consumers.info(nats.streamName(Streams.clicks.name), Consumers.attributionClicks),
        nats.jsm.consumers.info(nats.streamName(Streams.promoCodes.name), Consumers.attributionPromoCodes),
        nats.jsm.consumers.info(nats.streamName(Streams.stripeEvents.name), Consumers.attributionStripeEvents),
        nats.jsm.consumers.info(nats.streamName(Streams.commissions.name), Consumers.webhookCommissionEvents),
      ]);
      if (infos.every((i) => i.num_pending === 0 && i.num_ack_pending === 0)) return;
      if (Date.now() > deadline) throw new Error(`attribution still busy: ${JSON.stringify(infos.map((i) => [i.name, i.num_pending, i.num_ack_pending]))}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Resolves once the commissions service has consumed and acknowledged everything in its streams. */
  async commissionsIdle(timeoutMs = 20_000): Promise<void> {
    const nats = this.commissions!.get(NatsClient);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const infos = await Promise.all([
        nats.jsm.consumers.info(nats.streamName(Streams.conversions.name), Consumers.commissionsConversions),
        nats.jsm.consumers.info(nats.streamName(Streams.partners.name), Consumers.commissionsPartners),
        nats.jsm.consumers.info(nats.streamName(Streams.clicks.name), Consumers.commissionsClicks),
      ]);
      if (infos.every((i) => i.num_pending === 0 && i.num_ack_pending === 0)) return;
      if (Date.now() > deadline) throw new Error(`commissions still busy: ${JSON.stringify(infos.map((i) => [i.name, i.num_pending, i.num_ack_pending]))}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Messages stored in one of this namespace's streams. */
  async streamMessages(logicalName: string): Promise<number> {
    const nats = (this.ingest ?? this.tracking ?? this.attribution ?? this.commissions)!.get(NatsClient);
    const info = await nats.jsm.streams.info(nats.streamName(logicalName));
    return info.state.messages;
  }

  /** Every message stored in one of this namespace's streams, decoded from JSON. */
  async streamContents<T = unknown>(logicalName: string): Promise<Array<{ subject: string; data: T }>> {
    const nats = (this.ingest ?? this.tracking ?? this.attribution ?? this.commissions)!.get(NatsClient);
    const stream = nats.streamName(logicalName);
    const { state } = await nats.jsm.streams.info(stream);
    const out: Array<{ subject: string; data: T }> = [];
    for (let seq = state.first_seq; state.messages > 0 && seq <= state.last_seq; seq++) {
      const message = await nats.jsm.streams.getMessage(stream, { seq }).catch(() => undefined);
      if (message) out.push({ subject: nats.relativeSubject(message.subject), data: message.json<T>() });
    }
    return out;
  }

  async stop(): Promise<void> {
    for (const app of [this.dashboard, this.commissions, ...this.extraAttributionReplicas, this.attribution, this.ingest, this.tracking])
      await app?.close().catch(() => undefined);
    await deleteNamespace(this.env.NATS_URL!, this.namespace).catch(() => undefined);
  }
}

/** Removes a test namespace's streams and key-value buckets from NATS. */
async function deleteNamespace(natsUrl: string, namespace: string): Promise<void> {
  const nc = await connect({ servers: natsUrl, timeout: 2000, maxReconnectAttempts: 0 });
  try {
    const jsm = await nc.jetstreamManager();
    const names = await jsm.streams.names().next();
    for (const name of names) {
      if (name.startsWith(`${namespace.toUpperCase()}_`) || name.startsWith(`KV_${namespace}_`)) await jsm.streams.delete(name);
    }
  } finally {
    await nc.close();
  }
}
