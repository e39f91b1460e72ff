// A merchant's webhook receiver on loopback, for the demo and the drills: it checks each
// X-Selgeo-Signature exactly as libs/domain/src/webhook-signature.ts does (that file is the helper
// to copy; this is its plain-JavaScript twin for scripts that run without a build), answers 2xx or
// what `answer()` says, and counts each event it accepted by id.
const { createHmac, timingSafeEqual } = require('node:crypto');
const { createServer } = require('node:http');

function verify(secret, body, header, now = Math.floor(Date.now() / 1000)) {
  const parts = Object.fromEntries(String(header ?? '').split(',').map((p) => p.trim().split('=', 2)));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || now - t > 300 || t - now > 30 || !/^[0-9a-f]{64}$/.test(parts.v1 ?? '')) return false;
  const expected = createHmac('sha256', Buffer.from(secret.slice('whsec_'.length), 'hex')).update(`${t}.${body}`).digest();
  return timingSafeEqual(expected, Buffer.from(parts.v1, 'hex'));
}

/** Resolves once listening: `{ url, secret, accepted: Map<eventId, count>, events: Map<eventId, event>, invalid, close() }`. */
function startReceiver({ answer = () => 200 } = {}) {
  const receiver = { secret: '', accepted: new Map(), events: new Map(), invalid: 0, requests: 0, waiters: [] };
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      receiver.requests++;
      if (!verify(receiver.secret, body, req.headers['x-selgeo-signature'])) {
        receiver.invalid++;
        return res.writeHead(400).end();
      }
      const status = answer();
      if (status >= 200 && status < 300) {
        const event = JSON.parse(body);
        receiver.accepted.set(event.id, (receiver.accepted.get(event.id) ?? 0) + 1);
        receiver.events.set(event.id, event);
        for (const w of receiver.waiters.splice(0)) w(event);
      }
      res.writeHead(status).end();
    });
  });
  /** The next accepted event. */
  receiver.next = () => new Promise((resolve) => receiver.waiters.push(resolve));
  receiver.close = () => new Promise((resolve) => server.close(resolve));
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      receiver.url = `http://127.0.0.1:${server.address().port}/webhooks`;
      resolve(receiver);
    }),
  );
}

module.exports = { startReceiver, verify };
