import { randomBytes, randomUUID } from 'node:crypto';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { ConversionView } from '@app/domain';
import { ALL_STREAMS } from '@app/domain';
import { deleteMediumSpecStreams } from '../../../../test/support/medium-messaging';
import { TEST_DATABASE_URL, TEST_NATS_URL } from '../../../../test/support/test-env';
import { createCommissionsApp } from '../commissions.app';
import { loadCommissionsConfig } from '../config';
import { CommissionRow } from '../store/commission-rows';
import { Transactions } from '../store/transactions';
import { RecordConversionCommand } from '../usecases/record-conversion/record-conversion.command';
import { RecordConversionUseCase } from '../usecases/record-conversion/record-conversion.usecase';
import { SetPlanUseCase } from '../usecases/set-plan/set-plan.usecase';

/**
 * The service for medium specs of its use cases: the real PostgreSQL and NATS (a namespace of its
 * own), the consumers not started, so a spec calls the use cases directly. Each spec uses a
 * workspace of its own (`workspace()`).
 */
export class CommissionsTestApp {
  private eventClock = Date.now();

  private constructor(
    readonly app: NestFastifyApplication,
    private readonly namespace: string,
  ) {}

  static async start(): Promise<CommissionsTestApp> {
    const namespace = `u${randomBytes(4).toString('hex')}`;
    const app = await createCommissionsApp(
      loadCommissionsConfig({
        DATABASE_URL: TEST_DATABASE_URL,
        NATS_URL: TEST_NATS_URL,
        SELGEO_NAMESPACE: namespace,
        WEBHOOK_SECRETS_KEY: randomBytes(32).toString('base64'),
        LOG_LEVEL: 'error',
        COMMISSIONS_SWEEP_INTERVAL_MS: '3600000',
      }),
    );
    await app.init();
    return new CommissionsTestApp(app, namespace);
  }

  async close(): Promise<void> {
    await this.app.close();
    await deleteMediumSpecStreams(this.namespace, ALL_STREAMS);
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
    const at = new Date(Date.now() + 1000).toISOString();
    return {
      id: randomUUID(),
      object: 'conversion',
      mode: 'test',
      status: 'converted',
      kind: 'initial',
      source: 'stripe',
      event_type: 'sale',
      partner_id: partnerId,
      click_id: null,
      promo_code: null,
      amount_cents: 10_000,
      currency: 'usd',
      source_event_id: null,
      external_transaction_id: null,
      stripe: { customer: null, subscription: null, invoice: null, checkout_session: null },
      commissionable_amount_cents: 10_000,
      refunded_amount_cents: 0,
      dispute_status: null,
      customer_email: null,
      initial_conversion_id: null,
      initial_occurred_at: null,
      occurred_at: at,
      created_at: at,
      ...over,
    };
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
    return this.get(Transactions).db.query(`SELECT * FROM commissions.commissions WHERE workspace_id = $1 ORDER BY created_at, id`, [workspaceId]);
  }
}
