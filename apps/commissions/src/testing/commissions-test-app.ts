import { randomBytes, randomUUID } from 'node:crypto';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { ConversionView } from '@app/domain';
import { ALL_STREAMS } from '@app/domain';
import { deleteMediumSpecStreams } from '../../../../test/support/medium-messaging';
import { TEST_DATABASE_URL, TEST_NATS_URL } from '../../../../test/support/test-env';
import { createCommissionsApp } from '../commissions.app';
import { loadCommissionsConfig } from '../config';
import { CommissionRow } from '../store/commission-rows';
import { RecordConversionCommand } from '../usecases/record-conversion/record-conversion.command';
import { RecordConversionUseCase } from '../usecases/record-conversion/record-conversion.usecase';
import { SetPlanUseCase } from '../usecases/set-plan/set-plan.usecase';
import { sale } from './sale';
import { CommissionsStore } from '../store/commissions-store';

/**
 * The service for medium specs of its use cases: the real PostgreSQL and NATS (a namespace of its
 * own), the consumers not started, so a spec calls the use cases directly. Each spec uses a
 * workspace of its own (`workspace()`).
 */
export class CommissionsTestApp {
  private eventClock = Date.now();
  private started?: NestFastifyApplication;

  /** @param namespace its own, so the streams it makes are deleted with it */
  constructor(readonly namespace = `u${randomBytes(4).toString('hex')}`) {}

  async start(): Promise<void> {
    this.started = await createCommissionsApp(
      loadCommissionsConfig({
        DATABASE_URL: TEST_DATABASE_URL,
        NATS_URL: TEST_NATS_URL,
        SELGEO_NAMESPACE: this.namespace,
        WEBHOOK_SECRETS_KEY: randomBytes(32).toString('base64'),
        LOG_LEVEL: 'error',
        COMMISSIONS_SWEEP_INTERVAL_MS: '3600000',
      }),
    );
    await this.started.init();
  }

  async close(): Promise<void> {
    await this.started?.close();
    await deleteMediumSpecStreams(this.namespace, ALL_STREAMS);
  }

  get app(): NestFastifyApplication {
    if (!this.started) throw new Error('the commissions test app is not started (useCommissionsTestApp starts it in beforeAll)');
    return this.started;
  }

  get<T>(type: new (...args: never[]) => T): T {
    return this.app.get(type);
  }

  /** A workspace of its own, with a 10% plan in force from now. */
  async workspace(): Promise<string> {
    const ws = `ws_u_${randomBytes(6).toString('hex')}`;
    await this.get(SetPlanUseCase).execute(ws, 'test', {
      rate: { type: 'percentage', rate_bps: 1000 },
      earns: { initial: true, renewals: true, event_types: ['sale'] },
      recurring: { limit: 'forever' },
      hold_days: 30,
    });
    return ws;
  }

  sale(partnerId: string, over: Partial<ConversionView> = {}): ConversionView {
    return sale(partnerId, over);
  }

  /** A conversion event, later than every one made before. */
  event(workspaceId: string, conversion: ConversionView, type: RecordConversionCommand['type'] = 'conversion.updated'): RecordConversionCommand {
    this.eventClock += 1000;
    return {
      id: randomUUID(),
      type,
      workspace_id: workspaceId,
      mode: 'test',
      created_at: new Date(this.eventClock).toISOString(),
      conversion: { ...conversion },
    };
  }

  async record(
    workspaceId: string,
    conversion: ConversionView,
    type: RecordConversionCommand['type'] = 'conversion.updated',
  ): Promise<RecordConversionCommand> {
    const event = this.event(workspaceId, conversion, type);
    await this.get(RecordConversionUseCase).execute(event);
    return event;
  }

  /** The commissions of a workspace, as stored. */
  async commissions(workspaceId: string): Promise<CommissionRow[]> {
    return this.get(CommissionsStore).db.query(`SELECT * FROM commissions.commissions WHERE workspace_id = $1 ORDER BY created_at, id`, [workspaceId]);
  }
}

/**
 * The service for the specs of the enclosing `describe`: started before the first, closed after
 * the last (its streams deleted).
 */
export function useCommissionsTestApp(namespace?: string): CommissionsTestApp {
  const t = new CommissionsTestApp(namespace);
  beforeAll(() => t.start());
  afterAll(() => t.close());
  return t;
}
