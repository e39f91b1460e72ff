// The drills' exact check of commissions: the plans they set, and what each conversion must earn
// under them, computed apart from the service from what attribution reports of the conversions.
const { listAll } = require('../bench/lib');
const { verifyAnnounced } = require('./lib');

const RATE_BPS = 1250;
const PLAN = { rate: { type: 'percentage', rate_bps: RATE_BPS }, recurring: { limit: 'forever' } };
const FLAT = { usd: 500, eur: 450, jpy: 700 };
const OVERRIDE = { rate: { type: 'flat', amounts: FLAT }, recurring: { limit: 'payments', count: 1 } };

/** x * y / z rounded half up, on integers: the service's one rounding rule. */
const mulDivHalfUp = (x, y, z) => Number((2n * BigInt(x) * BigInt(y) + BigInt(z)) / (2n * BigInt(z)));

/**
 * What a conversion earns (null: nothing), from what attribution reports of it: the override's flat
 * amount for an initial sale (renewals are payment 2 and later), or 12.5% of the commissionable
 * amount; either lowered in proportion to what was refunded.
 */
function expectedCommission(conversion, overridden) {
  const { status, kind, currency, amount_cents: amount, refunded_amount_cents: refunded = 0 } = conversion;
  if (status !== 'converted' || !currency || (amount > 0 && refunded >= amount)) return null;
  const kept = amount - refunded;
  if (overridden) {
    if (kind !== 'initial' || FLAT[currency] === undefined) return null;
    return amount === 0 ? FLAT[currency] : mulDivHalfUp(FLAT[currency], kept, amount);
  }
  const base = conversion.commissionable_amount_cents ?? amount;
  return amount === 0 ? mulDivHalfUp(base, RATE_BPS, 10_000) : mulDivHalfUp(base * RATE_BPS, kept, amount * 10_000);
}

/** Per partner and currency, the commissions equal the plan applied to the conversions; one per earning conversion. */
function verifyCommissions(conversions, commissionList, overridden) {
  const problems = [];
  const expected = new Map(); // partner:currency -> cents
  const earning = new Map(); // conversion id -> cents
  for (const c of conversions) {
    const cents = expectedCommission(c, overridden.has(c.partner_id));
    if (cents === null) continue;
    earning.set(c.id, cents);
    const key = `${c.partner_id}:${c.currency}`;
    expected.set(key, (expected.get(key) ?? 0) + cents);
  }
  const actual = new Map();
  const perConversion = new Map();
  for (const m of commissionList) {
    perConversion.set(m.conversion_id, (perConversion.get(m.conversion_id) ?? 0) + 1);
    if (!earning.has(m.conversion_id)) problems.push(`commission ${m.id} for conversion ${m.conversion_id}, which earns nothing`);
    else if (m.net_amount_cents !== earning.get(m.conversion_id))
      problems.push(`commission ${m.id}: ${m.net_amount_cents}, expected ${earning.get(m.conversion_id)}`);
    const key = `${m.partner_id}:${m.currency}`;
    actual.set(key, (actual.get(key) ?? 0) + m.net_amount_cents);
  }
  const twice = [...perConversion.values()].filter((n) => n > 1).length;
  const missing = [...earning.keys()].filter((id) => !perConversion.has(id)).length;
  const totalsOff = [...new Set([...expected.keys(), ...actual.keys()])].filter((k) => expected.get(k) !== actual.get(k));
  totalsOff.forEach((k) => problems.push(`${k}: ${actual.get(k) ?? 0}, expected ${expected.get(k) ?? 0}`));
  const currencies = [...new Set(conversions.map((c) => c.currency))].sort().join(', ');
  console.log(
    `commissions: ${commissionList.length} for ${earning.size} earning conversions of ${conversions.length} (${currencies}); ` +
      `missing ${missing}, conversions with more than one ${twice}; per partner and currency: ${expected.size} totals, ${totalsOff.length} differ; problems: ${problems.length}`,
  );
  problems.slice(0, 10).forEach((p) => console.log(`  ${p}`));
  return problems.length === 0 && missing === 0 && twice === 0 && commissionList.length === earning.size;
}

/**
 * The commissions the service reports against the conversions attribution reports (partners in
 * `overridden` on the flat override), and each announced once by `commission.created`.
 */
async function checkCommissions(env, { attributionUrl, commissionsUrl, secretKey, overridden = new Set() }) {
  const conversions = await listAll(attributionUrl, secretKey, '/v1/conversions');
  const commissionList = await listAll(commissionsUrl, secretKey, '/v1/commissions');
  const exact = verifyCommissions(conversions, commissionList, overridden);
  const announced = await verifyAnnounced(env, {
    stream: 'COMMISSIONS',
    subject: 'commission.created',
    idOf: (e) => e.commission.id,
    ids: commissionList.map((c) => c.id),
    noun: 'commissions',
  });
  return exact && announced;
}

module.exports = { PLAN, OVERRIDE, FLAT, RATE_BPS, expectedCommission, verifyCommissions, checkCommissions };
