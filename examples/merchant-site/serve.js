// `npm run example`: serves the example merchant page on 127.0.0.1:8080 against the services
// `npm start` brought up, and prints a referral link and a hosted redirect link to try it with.
const { createServer } = require('node:http');
const { readFileSync } = require('node:fs');
const { resolve } = require('node:path');

const port = Number(process.env.EXAMPLE_PORT ?? 8080);
const tracking = `http://127.0.0.1:${process.env.TRACKING_PORT ?? 3001}`;
const state = process.env.SELGEO_STATE_DIR ?? resolve(__dirname, '../../.selgeo');

async function main() {
  const { keys } = JSON.parse(readFileSync(resolve(state, 'default-workspace.json'), 'utf8'));
  const page = readFileSync(resolve(__dirname, 'index.html'), 'utf8').replaceAll('{{TRACKING_URL}}', tracking).replaceAll('{{PUBLISHABLE_KEY}}', keys.pk_test);
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${keys.sk_test}` };
  const partner = await (
    await fetch(`${tracking}/v1/partners`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ name: 'Example partner', destination_url: `http://127.0.0.1:${port}/` }),
    })
  ).json();
  const token = await (await fetch(`${tracking}/v1/partners/${partner.id}/referral-tokens`, { method: 'POST', headers, body: '{}' })).json();
  createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page)).listen(port, '127.0.0.1', () => {
    console.log(`Example shop:   http://127.0.0.1:${port}/`);
    console.log(`Referral link:  http://127.0.0.1:${port}/?ref=${token.token}`);
    console.log(`Hosted redirect: ${token.redirect_url}`);
  });
}

main().catch((err) => {
  console.error(`${err.message}\n(Is the system up? Run npm start first.)`);
  process.exit(1);
});
