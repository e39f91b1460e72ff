// Benchmark 8: the dashboard's lists at 100,000 rows (issue 18: "every list is paginated by the server and
// stays fast at 100,000 rows"). One workspace's test mode holds 100,000 partners, 100,000 conversions,
// 300,000 clicks and 100,000 Stripe events; a second workspace (and the first one's live mode) a little
// data, so every read also has to leave other workspaces' and modes' rows out. The owner signs in over HTTP
// and each list, search, filter, deep page and summary is asked through the dashboard with the session
// cookie, one request after another (after a warm-up): p50, p95, p99 and max, and the rows answered. Two of
// them are also asked of the service directly with a secret key, so the dashboard's forwarding shows.
//
// The rows are written straight into the owning services' tables with generate_series once the services
// have migrated their schemas, not through their APIs: through the APIs, 600,000 rows would take most of
// the run, and those write paths are benchmarked elsewhere (clicks, webhook ingest, the drain). What this
// benchmark measures is the reads.
const http = require('node:http');
const { execFileSync } = require('node:child_process');
const { resolve } = require('node:path');
const { Client } = require('pg');
const { run, onCleanup, benchEnv, prepare, bootstrapWorkspace, startService, cpuMeter, root } = require('./lib');

const REQUESTS = Number(process.env.BENCH_DASHBOARD_REQUESTS ?? 200);
const WARMUP = Number(process.env.BENCH_DASHBOARD_WARMUP ?? 20);
const LARGE = { partners: 100_000, conversions: 100_000, clicks: 300_000, unattributedEvents: 20_000 };
const SMALL = { partners: 200, conversions: 1_000, clicks: 3_000, unattributedEvents: 200 };
const DAY_MS = 86_400_000;

// Names repeat as real ones do: 40 first names by 50 last names. "Zora" is given to one partner in 10,000
// (a search that finds few); the other workspace's first names start with letters that find none here.
const FIRST_NAMES =
  'Ada Alan Amara Ana Ben Carla Chen Dara Diego Elena Emil Fatima Femi Grace Hana Hugo Ines Ivan Jonas Julia Kai Lara Leo Lina Luca Maria Mateo Mei Mila Nadia Nico Noah Omar Priya Rosa Sami Sofia Tomas Yara Yusuf';
const OTHER_FIRST_NAMES = 'Otto Olga Ugo Uma Wes';
const LAST_NAMES =
  'Silva Smith Nguyen Garcia Kim Okafor Rossi Novak Haddad Tanaka Kowalski Jensen Moreau Costa Ivanova Mensah Singh Cohen Dubois Fischer Lopez Sato Murphy Ali Park Berg Santos Weber Adeyemi Horvat Lindqvist Meyer Petrov Rahman Schmidt Baker Yilmaz Chowdhury Fernandes Laurent Oliveira Popescu Nakamura Andersen Sousa Varga Walsh Bianchi Ortiz Khan';
const DOMAINS = ['example.com', 'example.org', 'mail.example', 'partners.example', 'blog.example', 'shop.example'];
const words = (text) => text.split(' ');

/** A partner's id, the same expression wherever a row names partner number `k` of a workspace's mode. */
const partnerId = (k) => `md5($1 || ':' || $2 || ':partner:' || ${k})::uuid`;
/** Partner numbers drawn with a long tail: partner 1 gets most, most partners get little or nothing. */
const skewedPartner = (power) => `1 + floor($3 * power(random(), ${power}))::int`;

/** Writes one workspace mode's rows: partners, conversions, clicks, and the Stripe events behind them. */
async function seed(db, workspaceId, mode, counts, firstNames) {
  const scope = [workspaceId, mode];
  await db.query(
    `INSERT INTO tracking.partners (id, workspace_id, mode, name, email, destination_url, created_at, updated_at)
     SELECT ${partnerId('i')}, $1, $2, f || ' ' || l,
            CASE WHEN i % 8 = 0 THEN NULL ELSE lower(f) || '.' || lower(l) || (i % 997) || '@' || d END,
            'https://shop.example.com/pricing?via=p' || i, at, at
       FROM (SELECT i, CASE WHEN i % 10000 = 0 THEN 'Zora' ELSE ($4::text[])[1 + i % cardinality($4::text[])] END AS f,
                    ($5::text[])[1 + (i / 40) % cardinality($5::text[])] AS l, ($6::text[])[1 + i % 6] AS d,
                    now() - random() * interval '90 days' AS at
               FROM generate_series(1, $3) i) s`,
    [...scope, counts.partners, words(firstNames), words(LAST_NAMES), DOMAINS],
  );
  // Conversions: 80% from Stripe (checkout sessions and renewal invoices), 20% from the Conversion API (a
  // quarter of those leads, without money); 85% converted, the rest pending, expired or duplicate; a
  // quarter in EUR; a few refunded or disputed; created over the last 90 days.
  await db.query(
    `INSERT INTO attribution.conversions (id, workspace_id, mode, partner_id, click_id, promo_code, kind, status, amount_cents, currency,
            source_event_id, stripe_customer_id, stripe_subscription_id, stripe_invoice_id, stripe_checkout_session_id, occurred_at, created_at,
            updated_at, source, event_type, external_transaction_id, commissionable_amount_cents, refunded_amount_cents, dispute_status, customer_email)
     SELECT gen_random_uuid(), $1, $2, ${partnerId('k')},
            CASE WHEN kind = 'initial' AND r_signal < 0.85 THEN gen_random_uuid() END,
            CASE WHEN kind = 'initial' AND r_signal >= 0.85 THEN 'P' || k || 'SAVE10' END,
            kind, status, amount, currency,
            CASE WHEN source = 'stripe' THEN 'evt_' || tag END,
            CASE WHEN source = 'stripe' THEN 'cus_' || customer END,
            CASE WHEN source = 'stripe' THEN 'sub_' || customer END,
            CASE WHEN source = 'stripe' AND kind = 'renewal' THEN 'in_' || tag END,
            CASE WHEN source = 'stripe' AND kind = 'initial' THEN 'cs_test_' || tag END,
            at - random() * interval '10 minutes', at, at, source,
            CASE WHEN lead THEN 'lead' ELSE 'sale' END,
            CASE WHEN source = 'api' THEN 'order_' || tag END,
            amount,
            CASE WHEN r_back < 0.02 THEN amount WHEN r_back < 0.03 THEN amount / 2 ELSE 0 END,
            CASE WHEN r_back >= 0.995 THEN 'open' WHEN r_back >= 0.99 THEN 'lost' END,
            CASE WHEN source = 'stripe' THEN 'buyer' || customer || '@example.org' END
       FROM (SELECT *, CASE WHEN lead THEN 0 ELSE 1900 + 1000 * floor(random() * 20)::bigint END AS amount,
                    CASE WHEN lead THEN NULL WHEN random() < 0.25 THEN 'eur' ELSE 'usd' END AS currency,
                    CASE WHEN source = 'api' OR r_kind < 0.4 THEN 'initial' ELSE 'renewal' END AS kind
               FROM (SELECT i, ${skewedPartner(4)} AS k, substr(md5($1 || $2 || i), 1, 24) AS tag, (i * 7919) % 40000 AS customer,
                            CASE WHEN r_source < 0.2 THEN 'api' ELSE 'stripe' END AS source, r_source < 0.05 AS lead,
                            CASE WHEN r_status < 0.85 THEN 'converted' WHEN r_status < 0.90 THEN 'pending' WHEN r_status < 0.95 THEN 'expired'
                                 ELSE 'duplicate' END AS status,
                            r_kind, r_signal, r_back, now() - random() * interval '90 days' AS at
                       FROM (SELECT i, random() AS r_source, random() AS r_status, random() AS r_kind, random() AS r_signal, random() AS r_back
                               FROM generate_series(1, $4) i) r) s) c`,
    [...scope, counts.partners, counts.conversions],
  );
  await db.query(
    `INSERT INTO attribution.clicks (click_id, workspace_id, mode, partner_id, referral_token, clicked_at, expires_at)
     SELECT gen_random_uuid(), $1, $2, ${partnerId('k')}, 'p' || k, at, at + interval '60 days'
       FROM (SELECT ${skewedPartner(3)} AS k, now() - random() * interval '90 days' AS at FROM generate_series(1, $4)) s`,
    [...scope, counts.partners, counts.clicks],
  );
  // The Stripe event behind each Stripe conversion, and events that made none (no signal, an unknown click...).
  await db.query(
    `INSERT INTO attribution.stripe_events (workspace_id, event_id, mode, type, outcome, conversion_id, stripe_created_at, processed_at)
     SELECT workspace_id, source_event_id, mode, CASE kind WHEN 'initial' THEN 'checkout.session.completed' ELSE 'invoice.paid' END,
            CASE status WHEN 'converted' THEN 'attributed' WHEN 'pending' THEN 'awaiting_payment' WHEN 'expired' THEN 'expired' ELSE 'already_counted' END,
            id, occurred_at, created_at
       FROM attribution.conversions WHERE workspace_id = $1 AND mode = $2 AND source = 'stripe'`,
    scope,
  );
  await db.query(
    `INSERT INTO attribution.stripe_events (workspace_id, event_id, mode, type, outcome, detail, stripe_created_at, processed_at)
     SELECT $1, 'evt_' || substr(md5('unattributed' || $1 || $2 || i), 1, 24), $2, (ARRAY['checkout.session.completed', 'invoice.paid', 'charge.refunded'])[1 + i % 3],
            (ARRAY['no_signal', 'unknown_click', 'expired', 'not_a_sale', 'no_sale'])[1 + i % 5], 'seeded by the benchmark', at, at + interval '1 second'
       FROM (SELECT i, now() - random() * interval '90 days' AS at FROM generate_series(1, $3) i) s`,
    [...scope, counts.unattributedEvents],
  );
}

/** A keep-alive GET on loopback, one at a time: the status, the body, the milliseconds to its last byte. */
function get(agent, url, headers) {
  return new Promise((resolveGet, reject) => {
    const started = process.hrtime.bigint();
    const request = http.get(url, { agent, headers }, (response) => {
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('end', () => {
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        resolveGet({ status: response.statusCode, body: Buffer.concat(chunks).toString(), ms });
      });
      response.on('error', reject);
    });
    request.on('error', reject);
  });
}

const percentile = (sorted, q) => sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)];
const fixed = (ms) => ms.toFixed(1).padStart(6);

/**
 * WARMUP then REQUESTS requests of one query, sequentially; throws on any answer but a 200 or a row count
 * other than expected. Prints p50/p95/p99/max, the rows of the answer (+: has_more) and the CPU per request
 * of the given processes and of the PostgreSQL backends connected to the run's database.
 */
async function measure({ label, url, headers, pids, expectRows, db }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  let rows;
  let hasMore;
  const ask = async () => {
    const answer = await get(agent, url, headers);
    if (answer.status !== 200) throw new Error(`${label}: ${answer.status} ${answer.body.slice(0, 300)}`);
    const body = JSON.parse(answer.body);
    rows = body.data.length;
    hasMore = body.has_more;
    return answer.ms;
  };
  try {
    for (let i = 0; i < WARMUP; i++) await ask();
    // The services' pooled connections: their CPU is the queries' (parallel workers, if a plan had any, are not counted).
    const backends = (await db.query('SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()')).rows.map((r) => r.pid);
    const cpu = cpuMeter({ ...pids, ...Object.fromEntries(backends.map((pid) => [`backend ${pid}`, pid])) });
    const times = [];
    for (let i = 0; i < REQUESTS; i++) times.push(await ask());
    const used = cpu.used();
    if (expectRows && !expectRows(rows)) throw new Error(`${label}: ${rows} rows answered, not what the seed holds`);
    times.sort((a, b) => a - b);
    const more = hasMore === undefined ? ' ' : hasMore ? '+' : ' ';
    const perRequest = (ms) => `${Math.round((1000 * ms) / REQUESTS)} µs`;
    // A backend that closed meanwhile reads as less than nothing: left out.
    const database = used && backends.reduce((sum, pid) => sum + Math.max(0, used[`backend ${pid}`]), 0);
    const cpuLine = used
      ? [...Object.keys(pids).map((name) => `${name} ${perRequest(used[name])}`), `PostgreSQL ${perRequest(database)}`].join(', ')
      : 'not measured';
    console.log(
      `${label.padEnd(56)} p50 ${fixed(percentile(times, 0.5))} | p95 ${fixed(percentile(times, 0.95))} | p99 ${fixed(percentile(times, 0.99))} | ` +
        `max ${fixed(times[times.length - 1])} ms | rows ${String(rows).padStart(3)}${more} | CPU per request: ${cpuLine}`,
    );
    return { label, p99: percentile(times, 0.99) };
  } finally {
    agent.destroy();
  }
}

/** The id at position `offset` of a list in its order (created_at, id), newest first: a deep page's cursor. */
async function idAt(db, table, workspaceId, offset) {
  const { rows } = await db.query(`SELECT id FROM ${table} WHERE workspace_id = $1 AND mode = 'test' ORDER BY created_at DESC, id DESC OFFSET $2 LIMIT 1`, [
    workspaceId,
    offset,
  ]);
  return rows[0].id;
}

async function signIn(dashboardUrl, email, password) {
  const response = await fetch(`${dashboardUrl}/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (!response.ok) throw new Error(`sign-in: ${response.status} ${await response.text()}`);
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith('selgeo_session='));
  if (!cookie) throw new Error('sign-in set no selgeo_session cookie');
  return cookie.split(';')[0];
}

async function main() {
  const env = benchEnv();
  const otherWorkspace = `${env.DEFAULT_WORKSPACE_ID}_other`;
  prepare(env);
  const keys = bootstrapWorkspace(env);
  bootstrapWorkspace({ ...env, DEFAULT_WORKSPACE_ID: otherWorkspace });
  const tracking = await startService('tracking', env);
  const attribution = await startService('attribution', env);
  const commissions = await startService('commissions', env);
  const dashboardEnv = { ...env, TRACKING_URL: tracking.url, ATTRIBUTION_URL: attribution.url, COMMISSIONS_URL: commissions.url };
  const dashboard = await startService('dashboard', dashboardEnv);

  const db = new Client({ connectionString: env.DATABASE_URL });
  await db.connect();
  onCleanup(() => db.end());
  const workspace = env.DEFAULT_WORKSPACE_ID;
  const seeding = Date.now();
  await db.query('SELECT setseed(0.18)');
  await seed(db, workspace, 'test', LARGE, FIRST_NAMES);
  await seed(db, workspace, 'live', SMALL, FIRST_NAMES);
  await seed(db, otherWorkspace, 'test', SMALL, OTHER_FIRST_NAMES);
  await seed(db, otherWorkspace, 'live', SMALL, OTHER_FIRST_NAMES);
  const tables = ['tracking.partners', 'attribution.conversions', 'attribution.clicks', 'attribution.stripe_events'];
  // BENCH_VACUUM=1: as autovacuum would leave the tables (visibility map set, so index-only scans skip the heap).
  for (const table of tables) await db.query(`${process.env.BENCH_VACUUM === '1' ? 'VACUUM (ANALYZE)' : 'ANALYZE'} ${table}`);
  const counts = [];
  for (const table of tables) {
    const { rows } = await db.query(`SELECT count(*)::int AS n, count(*) FILTER (WHERE workspace_id = $1 AND mode = 'test')::int AS own FROM ${table}`, [
      workspace,
    ]);
    counts.push(`${table} ${rows[0].own.toLocaleString('en')} (${rows[0].n.toLocaleString('en')} in all)`);
  }
  console.log(`seeded in ${((Date.now() - seeding) / 1000).toFixed(1)} s: ${counts.join(', ')}`);

  const owner = JSON.parse(
    execFileSync(process.execPath, [resolve(root, 'dist/apps/dashboard/main.js'), 'create-owner', workspace, `owner@${env.SELGEO_NAMESPACE}.bench.localhost`], {
      env: { ...dashboardEnv, LOG_LEVEL: 'error' },
    })
      .toString()
      .trim()
      .split('\n')
      .pop(),
  );
  const cookie = await signIn(dashboard.url, owner.email, owner.password);
  // The session's keys reach the services through the key directory: wait until both accept them.
  for (const path of ['/v1/partners?limit=1', '/v1/conversions?limit=1']) {
    for (let tries = 0; (await fetch(`${dashboard.url}/api/test${path}`, { headers: { cookie } })).status !== 200; tries++) {
      if (tries === 100) throw new Error(`the session is not accepted at ${path} after 10 s`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  // What the queries name: cursors half-way down the lists, the partner with the most conversions and one with few.
  const midPartner = await idAt(db, 'tracking.partners', workspace, LARGE.partners / 2);
  const midConversion = await idAt(db, 'attribution.conversions', workspace, LARGE.conversions / 2);
  const byConversions = `SELECT partner_id, count(*)::int AS n FROM attribution.conversions WHERE workspace_id = $1 AND mode = 'test' GROUP BY partner_id`;
  const busiest = (await db.query(`${byConversions} ORDER BY n DESC LIMIT 1`, [workspace])).rows[0];
  const small = (await db.query(`${byConversions} HAVING count(*) BETWEEN 2 AND 5 ORDER BY partner_id LIMIT 1`, [workspace])).rows[0];
  const day = (daysFromToday) => new Date(Date.now() + daysFromToday * DAY_MS).toISOString().slice(0, 10);
  const period90 = `created_gte=${day(-89)}&created_lt=${day(1)}`;
  console.log(
    `busiest partner: ${busiest.n.toLocaleString('en')} conversions; a small one: ${small.n}; ${WARMUP} warm-up requests, then ${REQUESTS} measured, one at a time`,
  );

  const some = (rows) => rows > 0;
  const page = (rows) => rows === 50;
  const queries = [
    ['partners: first page', '/v1/partners?limit=50', page],
    ['partners: page at 50,000 (starting_after)', `/v1/partners?limit=50&starting_after=${midPartner}`, page],
    ['partners: search "zora" (10 match)', '/v1/partners?limit=50&q=zora', (rows) => rows === 10],
    ['partners: search "maria" (about 2,500 match)', '/v1/partners?limit=50&q=maria', page],
    ['partners: search "m" (about 10,000 match)', '/v1/partners?limit=50&q=m', page],
    ["partners: search another workspace's name (none)", '/v1/partners?limit=50&q=otto', (rows) => rows === 0],
    ['conversions: first page', '/v1/conversions?limit=50', page],
    ['conversions: status=pending', '/v1/conversions?limit=50&status=pending', page],
    [
      'conversions: converted stripe renewals, last 30 days',
      `/v1/conversions?limit=50&status=converted&kind=renewal&source=stripe&created_gte=${day(-29)}`,
      page,
    ],
    ['conversions: duplicate api initial (0.5% of rows)', '/v1/conversions?limit=50&status=duplicate&kind=initial&source=api', page],
    ['conversions: created 60 to 30 days ago', `/v1/conversions?limit=50&created_gte=${day(-60)}&created_lt=${day(-30)}`, page],
    ['conversions: the busiest partner', `/v1/conversions?limit=50&partner_id=${busiest.partner_id}`, page],
    [
      'conversions: the busiest partner, pending, last 30 days',
      `/v1/conversions?limit=50&partner_id=${busiest.partner_id}&status=pending&created_gte=${day(-29)}`,
      some,
    ],
    ['conversions: a partner with few', `/v1/conversions?limit=50&partner_id=${small.partner_id}`, (rows) => rows === small.n],
    ['conversions: page at 50,000 (starting_after)', `/v1/conversions?limit=50&starting_after=${midConversion}`, page],
    ['conversion-summary: by day, 30 days (the default)', '/v1/conversion-summary?group_by=day', some],
    ['conversion-summary: by day, 90 days', `/v1/conversion-summary?group_by=day&${period90}`, some],
    ['conversion-summary: by partner, 90 days', `/v1/conversion-summary?group_by=partner&${period90}`, some],
    ['click-summary: by day, 30 days (the default)', '/v1/click-summary?group_by=day', (rows) => rows === 30],
    ['click-summary: by day, 90 days', `/v1/click-summary?group_by=day&${period90}`, (rows) => rows === 90],
    ['click-summary: by partner, 90 days', `/v1/click-summary?group_by=partner&${period90}`, page],
    ['stripe-events: first page', '/v1/stripe-events?limit=50', page],
  ];
  const results = [];
  for (const [label, path, expectRows] of queries) {
    const service = path.startsWith('/v1/partners') ? tracking : attribution;
    const pids = { dashboard: dashboard.child.pid, [path.startsWith('/v1/partners') ? 'tracking' : 'attribution']: service.child.pid };
    results.push(await measure({ label, url: `${dashboard.url}/api/test${path}`, headers: { cookie }, pids, expectRows, db }));
  }
  // The same reads of the services themselves, with a secret key: the difference is the dashboard's forwarding.
  const secret = { authorization: `Bearer ${keys.sk_test}` };
  results.push(
    await measure({
      label: 'direct to tracking: partners first page',
      url: `${tracking.url}/v1/partners?limit=50`,
      headers: secret,
      pids: { tracking: tracking.child.pid },
      expectRows: page,
      db,
    }),
  );
  results.push(
    await measure({
      label: 'direct to attribution: conversions first page',
      url: `${attribution.url}/v1/conversions?limit=50`,
      headers: secret,
      pids: { attribution: attribution.child.pid },
      expectRows: page,
      db,
    }),
  );
  const slow = results.filter((r) => r.p99 > 100);
  console.log(slow.length ? `p99 over 100 ms: ${slow.map((r) => r.label).join('; ')}` : 'every p99 under 100 ms');
}

if (require.main === module) run(main);
