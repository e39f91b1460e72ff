import { randomBytes, randomUUID } from 'node:crypto';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { ConversionView } from '@app/domain';
import { computeEarning } from './core/calculator';
import { paymentNumbers } from './core/commission';
import { CommissionTerms, PlanTerms } from './core/terms';
import { CreatePayoutsUseCase } from './usecases/create-payouts/create-payouts.usecase';
import { RecordConversionUseCase } from './usecases/record-conversion/record-conversion.usecase';
import { RecordConversionCommand } from './usecases/record-conversion/record-conversion.command';
import { ReviewCommissionUseCase } from './usecases/review-commission/review-commission.usecase';
import { SetPlanUseCase } from './usecases/set-plan/set-plan.usecase';
import { SettlePayoutUseCase } from './usecases/settle-payout/settle-payout.usecase';
import { useCommissionsTestApp } from './testing/commissions-test-app';
import { CommissionsStore } from './store/commissions-store';

/** Small and seeded, so a failure replays: PROPERTY_SEED=<seed> npx jest <this file>. */
function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SEED = Number(process.env.PROPERTY_SEED ?? 20261129);
const RUNS = Number(process.env.PROPERTY_RUNS ?? 200);
const CURRENCIES = ['usd', 'jpy'];

/**
 * The property, against the service's own use cases on the real PostgreSQL (the consumers are not
 * started: the use case a message reaches is called directly, so a run takes seconds). For random
 * sales, renewals, partial refunds, disputes and duplicates across two partners and two currencies,
 * delivered in a random order, partly concurrently and with redeliveries, and with a payout paid
 * half-way through:
 * - per partner and currency, what the commissions are worth (amount + adjustments) equals the plan
 *   applied to each conversion's final state (kept amount after refunds; nothing when lost or a duplicate);
 * - a paid commission never changes (its amount and status);
 * - every payout's amount is the sum of its lines.
 */
describe('commissions: any order and redelivery of conversion events gives the plan applied to the final states', () => {
  const t = useCommissionsTestApp(`p${randomBytes(4).toString('hex')}`);

  it(`holds for ${RUNS} seeded cases (seed ${SEED})`, async () => {
    const random = mulberry32(SEED);
    for (let run = 0; run < RUNS; run++) await oneCase(t.app, random, `ws_prop_${t.namespace}_${run}`);
  }, 120_000);
});

interface Scenario {
  /** Every event, in its conversion's order (created_at increasing per conversion). */
  events: RecordConversionCommand[];
  finals: Map<string, ConversionView>;
}

function scenario(random: () => number, workspaceId: string, partners: string[], start: number): Scenario {
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const events: RecordConversionCommand[] = [];
  const finals = new Map<string, ConversionView>();
  let clock = start;
  for (const partner of partners) {
    for (let s = 0, subs = int(1, 2); s < subs; s++) {
      const currency = CURRENCIES[int(0, 1)];
      const initialAt = new Date(start + int(0, 1000) * 60_000).toISOString();
      let initialId: string | null = null;
      for (let k = 0, renewals = int(0, 2); k <= renewals; k++) {
        const amount = currency === 'jpy' ? int(100, 50_000) : int(1, 100_000);
        const occurredAt = k === 0 ? initialAt : new Date(Date.parse(initialAt) + k * 30 * 86_400_000 + int(-5, 5) * 86_400_000).toISOString();
        let state: ConversionView = {
          id: randomUUID(),
          object: 'conversion',
          mode: 'test',
          status: 'converted',
          kind: k === 0 ? 'initial' : 'renewal',
          source: 'stripe',
          event_type: 'sale',
          partner_id: partner,
          click_id: null,
          referral_token: null,
          promo_code: null,
          amount_cents: amount,
          currency,
          source_event_id: null,
          external_transaction_id: null,
          stripe: { customer: null, subscription: null, invoice: null, checkout_session: null },
          commissionable_amount_cents: Math.max(0, amount - int(0, Math.floor(amount / 5))),
          refunded_amount_cents: 0,
          dispute_status: null,
          customer_email: null,
          initial_conversion_id: initialId,
          initial_occurred_at: k === 0 ? null : initialAt,
          occurred_at: occurredAt,
          created_at: new Date(start).toISOString(),
        };
        initialId ??= state.id;
        const emit = (type: 'conversion.created' | 'conversion.updated') => {
          clock += 1000;
          events.push({ id: randomUUID(), type, workspace_id: workspaceId, mode: 'test', created_at: new Date(clock).toISOString(), conversion: { ...state } });
        };
        emit('conversion.created');
        for (let change = 0, changes = int(0, 3); change < changes; change++) {
          const pick = random();
          if (pick < 0.5 && state.refunded_amount_cents < amount) {
            state = { ...state, refunded_amount_cents: Math.min(amount, state.refunded_amount_cents + int(1, Math.ceil(amount / 2))) };
          } else if (pick < 0.8) {
            // As attribution's merge rule gives it: opened once, then closed for good.
            if (state.dispute_status === 'won' || state.dispute_status === 'lost') continue;
            state = { ...state, dispute_status: state.dispute_status === 'open' ? (random() < 0.5 ? 'won' : 'lost') : 'open' };
          } else if (pick < 0.9) {
            state = { ...state, status: 'duplicate' };
          } else continue;
          emit('conversion.updated');
        }
        finals.set(state.id, state);
      }
    }
  }
  return { events, finals };
}

function shuffle<T>(random: () => number, items: T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

async function oneCase(app: NestFastifyApplication, random: () => number, workspaceId: string): Promise<void> {
  const record = app.get(RecordConversionUseCase);
  const db = app.get(CommissionsStore).db;
  const partners = [randomUUID(), randomUUID()];
  // The workspace pays a percentage for the first N payments (or forever); the second partner has a flat override.
  const workspacePlan: PlanTerms = {
    rate: { type: 'percentage', rate_bps: Math.floor(random() * 3001) },
    earns: { initial: true, renewals: true, event_types: ['sale'] },
    recurring: random() < 0.5 ? { limit: 'forever' } : { limit: 'payments', count: 1 + Math.floor(random() * 3) },
    hold_days: 30,
  };
  const override: PlanTerms = { ...workspacePlan, rate: { type: 'flat', amounts: { usd: 1 + Math.floor(random() * 5000), jpy: Math.floor(random() * 900) } } };
  const workspacePlanId = (await app.get(SetPlanUseCase).execute(workspaceId, 'test', workspacePlan)).id;
  const overrideId = (await app.get(SetPlanUseCase).execute(workspaceId, 'test', { ...override, partner_id: partners[1] })).id;
  const termsOf = (partner: string): CommissionTerms =>
    partner === partners[1] ? { ...override, plan_id: overrideId, scope: 'partner' } : { ...workspacePlan, plan_id: workspacePlanId, scope: 'workspace' };

  const { events, finals } = scenario(random, workspaceId, partners, Date.now() + 1000);
  // Redeliveries: some events twice (the same id).
  const deliveries = shuffle(random, [...events, ...events.filter(() => random() < 0.3)]);
  const half = Math.floor(random() * deliveries.length);
  const deliver = async (list: RecordConversionCommand[]) => {
    for (let i = 0; i < list.length;) {
      const n = 1 + Math.floor(random() * 4); // a few at once, as replicas and in-flight messages would
      await Promise.all(list.slice(i, i + n).map((e) => record.execute(e)));
      i += n;
    }
  };
  await deliver(deliveries.slice(0, half));

  // Half-way: everything that can be is approved, paid out and marked paid.
  const open = await db.query<Array<{ id: string }>>(
    `SELECT id FROM commissions.commissions WHERE workspace_id = $1 AND status IN ('pending', 'in_review') AND payout_id IS NULL`,
    [workspaceId],
  );
  for (const c of open) await app.get(ReviewCommissionUseCase).execute({ workspaceId, mode: 'test', commissionId: c.id, decision: 'approve' });
  const paidSnapshot = new Map<string, string>();
  for (const currency of CURRENCIES) {
    const batch = await app
      .get(CreatePayoutsUseCase)
      .execute({ workspaceId, mode: 'test', idempotencyKey: `half-${currency}`, currency, minimum_amount_cents: 1 });
    for (const p of batch.payouts)
      await app.get(SettlePayoutUseCase).execute({ workspaceId, mode: 'test', payoutId: p.id, action: 'mark_paid', reference: 'r' });
  }
  for (const r of await db.query<Array<{ id: string; amount_cents: string }>>(
    `SELECT id, amount_cents FROM commissions.commissions WHERE workspace_id = $1 AND status = 'paid'`,
    [workspaceId],
  ))
    paidSnapshot.set(r.id, r.amount_cents);

  await deliver(deliveries.slice(half));
  // A second payout nets what the paid commissions owe back (or drafts nothing when that is not positive).
  for (const currency of CURRENCIES)
    await app.get(CreatePayoutsUseCase).execute({ workspaceId, mode: 'test', idempotencyKey: `end-${currency}`, currency, minimum_amount_cents: 1 });

  // What the plan gives for the final states.
  const expected = new Map<string, number>();
  const byChain = new Map<string, ConversionView[]>();
  for (const c of finals.values()) {
    const chain = c.initial_conversion_id ?? c.id;
    byChain.set(chain, [...(byChain.get(chain) ?? []), c]);
  }
  for (const chain of byChain.values()) {
    const numbers = paymentNumbers(chain.map((c) => ({ ...c, workspace_id: workspaceId, mode: 'test' as const })));
    for (const c of chain) {
      const key = `${c.partner_id}/${c.currency}`;
      expected.set(key, (expected.get(key) ?? 0) + computeEarning(termsOf(c.partner_id), c, numbers.get(c.id)!).amountCents);
    }
  }
  const actual = new Map<string, number>();
  for (const r of await db.query<Array<{ partner_id: string; currency: string; worth: string }>>(
    `SELECT partner_id, currency, sum(amount_cents + adjustments_cents) AS worth FROM commissions.commissions WHERE workspace_id = $1 GROUP BY 1, 2`,
    [workspaceId],
  ))
    actual.set(`${r.partner_id}/${r.currency}`, Number(r.worth));
  for (const key of new Set([...expected.keys(), ...actual.keys()])) {
    expect([workspaceId, key, actual.get(key) ?? 0]).toEqual([workspaceId, key, expected.get(key) ?? 0]);
  }

  // Paid commissions never changed; adjustments always sum to what they owe back.
  const paidNow = await db.query<Array<{ id: string; amount_cents: string; status: string; adjustments_cents: string; adjusted: string | null }>>(
    `SELECT c.id, c.amount_cents, c.status, c.adjustments_cents, (SELECT sum(a.amount_cents) FROM commissions.adjustments a WHERE a.commission_id = c.id) AS adjusted
     FROM commissions.commissions c WHERE c.id = ANY($1::uuid[])`,
    [[...paidSnapshot.keys()]],
  );
  for (const c of paidNow) {
    expect([c.id, c.status, c.amount_cents]).toEqual([c.id, 'paid', paidSnapshot.get(c.id)]);
    expect(Number(c.adjusted ?? 0)).toBe(Number(c.adjustments_cents));
  }

  // Every payout's amount is the sum of its lines.
  const payouts = await db.query<Array<{ id: string; amount_cents: string; line_count: number; lines_sum: string; lines: string }>>(
    `SELECT p.id, p.amount_cents, p.line_count, sum(l.amount_cents) AS lines_sum, count(l.id) AS lines
     FROM commissions.payouts p JOIN commissions.payout_lines l ON l.payout_id = p.id WHERE p.workspace_id = $1 GROUP BY p.id`,
    [workspaceId],
  );
  for (const p of payouts) expect([p.id, p.amount_cents, p.line_count]).toEqual([p.id, p.lines_sum, Number(p.lines)]);
}
