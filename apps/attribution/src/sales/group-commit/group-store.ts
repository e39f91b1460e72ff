import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Mode } from '@app/domain';
import { preparedQuery } from '@app/persistence';
import { bindingRows, clickRows } from '../../attribution-transaction';
import { conversionRows } from '../../conversions/conversion-record';
import { unattributedInvoiceRows, unattributedSessionRows } from '../../unattributed-sales';
import { GroupKeys, GroupRows, GroupWrites } from './group-state';

export interface GroupClaim {
  workspaceId: string;
  mode: Mode;
  eventId: string;
  type: string;
  stripeCreatedAt: Date;
}

/** The database disagreed with what the group expected (another replica got there first): run the events alone. */
export class GroupConflictError extends Error {}

/**
 * The statements of a group commit: a group of Stripe events is claimed, read and written in three
 * statements whatever its size, instead of five or more per event. The SQL transaction
 * (`SqlAttributionTransaction`) is the reference for every rule applied here.
 */
@Injectable()
export class GroupStore {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (db: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /**
   * Takes the group's locks (its sales', then its customers') in the order given (one order everywhere, so groups on several
   * replicas cannot deadlock), then claims the events; returns the claimed `workspace:event` keys.
   * The claim reads from the locks' aggregate, so every lock is held before the first claim.
   *
   * It also switches the rest of the transaction to generic plans (`SET LOCAL`, in this statement
   * to spare a round trip). The group statements are fixed shapes of unique-index probes driven by
   * arrays, for which the generic plan is the right one; otherwise PostgreSQL re-plans the read
   * statement for every group, which costs it more CPU than running it. Statements outside a group
   * keep the default.
   *
   * A generic plan is made once per connection from the statistics of that moment and kept until
   * the next ANALYZE, so a plan made while the tables are empty or never analysed (a new install, or
   * autovacuum off) would go on scanning whole tables after they have grown. The plans are therefore
   * told what these statements are: nested loops over the arrays probing indexes by every column they
   * hold (no seq scans, hash or merge joins), which is right at any table size; where even that
   * leaves a choice, the statement names the keys outright (conversions to settle by `id = ANY`,
   * unattributed invoices by customer and invoice). JIT is off: a disabled path's cost would
   * otherwise trip the JIT threshold on every execution. Without statistics a grown table still leaves
   * one tie (a lookup by invoice costs the same through its unique index as through a listing index
   * opening with the workspace), which the service's TableStatisticsSweep breaks by analysing changed
   * tables. group-store.medium-spec.ts checks the plans; docs/BENCHMARKS.md has the figures.
   */
  async lockAndClaim(db: EntityManager, lockKeys: string[], claims: GroupClaim[]): Promise<Set<string>> {
    const rows = await preparedQuery<{ workspace_id: string; event_id: string }>(
      db,
      `WITH locks AS (SELECT count(pg_advisory_xact_lock(hashtextextended(k, 0))) AS n FROM unnest($1::text[]) AS k),
       generic_plans AS (
         SELECT set_config('plan_cache_mode', 'force_generic_plan', true), set_config('enable_seqscan', 'off', true),
                set_config('enable_hashjoin', 'off', true), set_config('enable_mergejoin', 'off', true), set_config('jit', 'off', true)
       )
       INSERT INTO attribution.stripe_events (workspace_id, event_id, mode, type, outcome, stripe_created_at)
       SELECT e.workspace_id, e.event_id, e.mode, e.type, 'ignored', e.created_at
         FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[]) AS e(workspace_id, event_id, mode, type, created_at), locks, generic_plans
       ON CONFLICT (workspace_id, event_id) DO NOTHING
       RETURNING workspace_id, event_id`,
      [
        lockKeys,
        claims.map((c) => c.workspaceId),
        claims.map((c) => c.eventId),
        claims.map((c) => c.mode),
        claims.map((c) => c.type),
        claims.map((c) => c.stripeCreatedAt),
      ],
    );
    return new Set(rows.map((r) => `${r.workspace_id}:${r.event_id}`));
  }

  /**
   * Every row the group's decisions may read, in one statement (after the locks, so none is stale).
   * `keptFrom`: unattributed invoices paid before it are past their retention and read as gone.
   */
  async load(db: EntityManager, keys: GroupKeys[], keptFrom: Date): Promise<GroupRows> {
    const flat = (pick: (k: GroupKeys) => string[]) => {
      const out: [string[], string[], string[]] = [[], [], []];
      for (const k of keys) {
        for (const id of pick(k)) {
          out[0].push(k.workspaceId);
          out[1].push(k.mode);
          out[2].push(id);
        }
      }
      return out;
    };
    const sessions = flat((k) => k.checkoutSessionIds);
    const invoices = flat((k) => k.invoiceIds);
    const customers = flat((k) => k.customerIds);
    const clicks = flat((k) => k.clickIds);
    const codes = flat((k) => k.promoCodes);
    const rows = await preparedQuery<{ kind: string; row: Record<string, unknown> }>(
      db,
      // Conversions are read FOR UPDATE as findConversionFor reads them; each lookup matches its unique index exactly.
      `WITH by_session AS (
         SELECT c.* FROM attribution.conversions c JOIN unnest($1::text[], $2::text[], $3::text[]) AS k(w, m, id)
           ON c.stripe_checkout_session_id = k.id AND c.workspace_id = k.w AND c.mode = k.m FOR UPDATE OF c
       ), by_invoice AS (
         SELECT c.* FROM attribution.conversions c JOIN unnest($4::text[], $5::text[], $6::text[]) AS k(w, m, id)
           ON c.stripe_invoice_id = k.id AND c.workspace_id = k.w AND c.mode = k.m FOR UPDATE OF c
       )
       SELECT 'conversion' AS kind, to_jsonb(x) AS row FROM (SELECT * FROM by_session UNION ALL SELECT * FROM by_invoice) x
       UNION ALL
       SELECT 'binding', to_jsonb(b) FROM attribution.customer_bindings b JOIN unnest($7::text[], $8::text[], $9::text[]) AS k(w, m, id)
           ON b.stripe_customer_id = k.id AND b.workspace_id = k.w AND b.mode = k.m
       UNION ALL
       -- Probed per customer (LATERAL, fenced by OFFSET 0): with a bound on occurred_at alone, a planner that
       -- thinks the table small may otherwise drive the join from the retention index, walking every kept invoice.
       SELECT 'unattributed', to_jsonb(u) FROM unnest($7::text[], $8::text[], $9::text[]) AS k(w, m, id) CROSS JOIN LATERAL (
           SELECT * FROM attribution.unattributed_invoices u
            WHERE u.stripe_customer_id = k.id AND u.workspace_id = k.w AND u.mode = k.m AND u.occurred_at >= $16 OFFSET 0) u
       UNION ALL
       SELECT 'unattributed', to_jsonb(u) FROM attribution.unattributed_invoices u JOIN unnest($4::text[], $5::text[], $6::text[]) AS k(w, m, id)
           ON u.stripe_invoice_id = k.id AND u.workspace_id = k.w AND u.mode = k.m
       UNION ALL
       SELECT 'click', to_jsonb(c) FROM attribution.clicks c JOIN unnest($10::text[], $11::text[], $12::text[]) AS k(w, m, id)
           ON c.click_id = k.id::uuid AND c.workspace_id = k.w AND c.mode = k.m
       UNION ALL
       SELECT 'promo_code', to_jsonb(p) FROM attribution.promo_codes p JOIN unnest($13::text[], $14::text[], $15::text[]) AS k(w, m, id)
           ON p.code = k.id AND p.workspace_id = k.w AND p.mode = k.m`,
      [...sessions, ...invoices, ...customers, ...clicks, ...codes, keptFrom],
    );
    const result: GroupRows = { conversions: [], bindings: [], clicks: [], promoCodes: [], unattributed: [] };
    const seen = new Set<string>();
    for (const { kind, row: r } of rows) {
      if (kind === 'conversion') {
        if (seen.has(r.id as string)) continue;
        seen.add(r.id as string);
        result.conversions.push(conversionRows.fromRow(r));
      } else if (kind === 'binding') {
        result.bindings.push(bindingRows.fromRow(r));
      } else if (kind === 'unattributed') {
        result.unattributed.push({ ...unattributedInvoiceRows.fromRow(r), workspaceId: r.workspace_id as string, mode: r.mode as Mode });
      } else if (kind === 'click') {
        result.clicks.push(clickRows.fromRow(r));
      } else {
        result.promoCodes.push({ workspaceId: r.workspace_id as string, mode: r.mode as Mode, code: r.code as string, partnerId: r.partner_id as string });
      }
    }
    return result;
  }

  /**
   * Writes what the group changed in one statement and checks every count: a row another replica
   * wrote meanwhile (outside the group's locks) shows as a difference and rolls the group back.
   */
  async write(db: EntityManager, w: GroupWrites): Promise<void> {
    const [counts] = await preparedQuery<Record<string, number>>(
      db,
      `WITH new_conversions AS (
         INSERT INTO attribution.conversions (${conversionRows.columnList})
         SELECT ${conversionRows.columnList}
           FROM jsonb_populate_recordset(NULL::attribution.conversions, $1::jsonb)
         ON CONFLICT DO NOTHING RETURNING 1
       ), settled_conversions AS (
         UPDATE attribution.conversions c SET status = s.status, updated_at = now()
           FROM jsonb_to_recordset($2::jsonb) AS s(id uuid, status text)
          WHERE c.id = s.id AND c.status = 'pending'
            AND c.id = ANY (ARRAY(SELECT (x->>'id')::uuid FROM jsonb_array_elements($2::jsonb) x)) RETURNING 1
       ), new_bindings AS (
         INSERT INTO attribution.customer_bindings (${bindingRows.columnList})
         SELECT ${bindingRows.columnList} FROM jsonb_populate_recordset(NULL::attribution.customer_bindings, $3::jsonb)
         ON CONFLICT DO NOTHING RETURNING 1
       ), kept_invoices AS (
         INSERT INTO attribution.unattributed_invoices (workspace_id, mode, ${unattributedInvoiceRows.columnList})
         SELECT workspace_id, mode, ${unattributedInvoiceRows.columnList}
           FROM jsonb_populate_recordset(NULL::attribution.unattributed_invoices, $4::jsonb)
         ON CONFLICT DO NOTHING RETURNING 1
       ), kept_sessions AS (
         INSERT INTO attribution.unattributed_checkout_sessions (workspace_id, mode, ${unattributedSessionRows.columnList})
         SELECT workspace_id, mode, ${unattributedSessionRows.columnList}
           FROM jsonb_populate_recordset(NULL::attribution.unattributed_checkout_sessions, $8::jsonb)
         ON CONFLICT DO NOTHING RETURNING 1
       ), taken_invoices AS (
         DELETE FROM attribution.unattributed_invoices u
          USING jsonb_to_recordset($5::jsonb) AS t(workspace_id text, mode text, stripe_customer_id text, stripe_invoice_id text)
          WHERE u.workspace_id = t.workspace_id AND u.mode = t.mode AND u.stripe_customer_id = t.stripe_customer_id
            AND u.stripe_invoice_id = t.stripe_invoice_id RETURNING 1
       ), settled_events AS (
         UPDATE attribution.stripe_events e SET outcome = s.outcome, detail = s.detail, conversion_id = s.conversion_id, processed_at = now()
           FROM jsonb_to_recordset($6::jsonb) AS s(workspace_id text, event_id text, outcome text, detail text, conversion_id uuid)
          WHERE e.workspace_id = s.workspace_id AND e.event_id = s.event_id RETURNING 1
       ), announced AS (
         INSERT INTO attribution.outbox (subject, msg_id, payload)
         SELECT subject, msg_id, payload FROM jsonb_to_recordset($7::jsonb) AS o(subject text, msg_id text, payload jsonb, n int) ORDER BY n
         RETURNING 1
       )
       SELECT (SELECT count(*) FROM new_conversions)::int AS new_conversions,
              (SELECT count(*) FROM settled_conversions)::int AS settled_conversions,
              (SELECT count(*) FROM new_bindings)::int AS new_bindings,
              (SELECT count(*) FROM kept_invoices)::int AS kept_invoices,
              (SELECT count(*) FROM taken_invoices)::int AS taken_invoices,
              (SELECT count(*) FROM settled_events)::int AS settled_events,
              (SELECT count(*) FROM announced)::int AS announced,
              (SELECT count(*) FROM kept_sessions)::int AS kept_sessions`,
      [
        JSON.stringify(w.newConversions.map((c) => conversionRows.toRow(c))),
        JSON.stringify(w.settledConversions),
        JSON.stringify(w.newBindings.map((b) => bindingRows.toRow(b))),
        JSON.stringify(w.keptInvoices.map((u) => ({ workspace_id: u.workspaceId, mode: u.mode, ...unattributedInvoiceRows.toRow(u) }))),
        JSON.stringify(
          w.takenInvoices.map((t) => ({ workspace_id: t.workspaceId, mode: t.mode, stripe_customer_id: t.customerId, stripe_invoice_id: t.invoiceId })),
        ),
        JSON.stringify(
          w.settledEvents.map((e) => ({
            workspace_id: e.workspaceId,
            event_id: e.eventId,
            outcome: e.outcome,
            detail: e.detail,
            conversion_id: e.conversionId,
          })),
        ),
        JSON.stringify(w.outbox.map((m, n) => ({ subject: m.subject, msg_id: m.msgId, payload: m.payload, n }))),
        JSON.stringify(w.keptSessions.map((k) => ({ workspace_id: k.workspaceId, mode: k.mode, ...unattributedSessionRows.toRow(k) }))),
      ],
    );
    const expected: Record<string, number> = {
      new_conversions: w.newConversions.length,
      settled_conversions: w.settledConversions.length,
      new_bindings: w.newBindings.length,
      kept_invoices: w.keptInvoices.length,
      taken_invoices: w.takenInvoices.length,
      settled_events: w.settledEvents.length,
      announced: w.outbox.length,
    };
    const differences = Object.keys(expected).filter((k) => counts[k] !== expected[k]);
    if (differences.length > 0)
      throw new GroupConflictError(`group write differs from the database: ${differences.map((k) => `${k} ${counts[k]}/${expected[k]}`).join(', ')}`);
  }
}
