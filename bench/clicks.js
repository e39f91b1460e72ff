// Benchmark 1: click registration (POST /v1/clicks; each click is stored in JetStream before the 201).
// Target on a 2-core machine: at least 50% of the bare node:http baseline, p99 under 20 ms, 50 connections.
const { run, benchEnv, prepare, bootstrapWorkspace, startService, compareWithBaseline, dropNamespace } = require('./lib');

async function main() {
  const env = benchEnv();
  prepare(env);
  const keys = bootstrapWorkspace(env);
  const tracking = await startService('tracking', env);
  try {
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${keys.sk_test}` };
    const partner = await (
      await fetch(`${tracking.url}/v1/partners`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ name: 'Bench', destination_url: 'https://shop.example.com/' }),
      })
    ).json();
    const token = await (await fetch(`${tracking.url}/v1/partners/${partner.id}/referral-tokens`, { method: 'POST', headers, body: '{}' })).json();
    await compareWithBaseline({
      label: 'POST /v1/clicks (durable)',
      url: tracking.url,
      path: '/v1/clicks',
      requestOptions: {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${keys.pk_test}` },
        body: JSON.stringify({ token: token.token, landing_url: 'https://shop.example.com/?ref=x' }),
      },
      baselineStatus: 201,
      baselineBody: JSON.stringify({ object: 'click', click_id: '00000000-0000-4000-8000-000000000000', expires_at: new Date().toISOString() }),
      minRatioPercent: 50,
      maxP99: 20,
      service: { name: 'tracking', pid: tracking.child.pid },
      env,
    });
  } finally {
    await tracking.stop();
    await dropNamespace(env);
  }
}

run(main);
