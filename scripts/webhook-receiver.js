// A merchant's webhook receiver on loopback, for the demo, the drills and the tests. It checks each
// X-Selgeo-Signature (with `verify`, by default the plain-JavaScript twin below of
// libs/domain/src/webhook-signature.ts, which is the helper to copy; the tests pass that helper
// itself), answers what `answer` says, keeps every request, and counts each event it accepted by id
// (receivers deduplicate by event id).
const { createHmac, timingSafeEqual } = require('node:crypto');
const { createServer } = require('node:http');

/** Throws unless `header` signs `body` with `secret` within 300 s in the past and 30 s ahead. */
function verify(secret, body, header, now = Math.floor(Date.now() / 1000)) {
  const parts = Object.fromEntries(
    String(header ?? '')
      .split(',')
      .map((p) => p.trim().split('=', 2)),
  );
  const t = Number(parts.t);
  if (!Number.isInteger(t) || now - t > 300 || t - now > 30) throw new Error('missing, stale or future timestamp');
  if (!/^[0-9a-f]{64}$/.test(parts.v1 ?? '')) throw new Error('no v1 signature');
  const expected = createHmac('sha256', Buffer.from(secret.slice('whsec_'.length), 'hex'))
    .update(`${t}.${body}`)
    .digest();
  if (!timingSafeEqual(expected, Buffer.from(parts.v1, 'hex'))) throw new Error('signature does not match the body and secret');
}

/**
 * Resolves once listening, with `{ url, secret, answer, requests, accepted, events, inFlight,
 * maxInFlight, next(), close() }`. `answer(request)` returns the status for a validly signed
 * request, or 'hang' to never answer; invalid signatures get 400. Set `secret` before deliveries.
 */
function startReceiver({ answer = () => 200, port = 0, verify: check = verify } = {}) {
  const receiver = { secret: '', answer, requests: [], accepted: new Map(), events: new Map(), inFlight: 0, maxInFlight: 0 };
  const waiters = [];
  const server = createServer((req, res) => {
    receiver.inFlight++;
    receiver.maxInFlight = Math.max(receiver.maxInFlight, receiver.inFlight);
    res.once('close', () => receiver.inFlight--);
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const request = { eventId: null, body, signatureValid: false, signatureError: null, answered: 0 };
      try {
        check(receiver.secret, body, req.headers['x-selgeo-signature']);
        request.signatureValid = true;
        request.eventId = JSON.parse(body).id;
      } catch (err) {
        request.signatureError = err.message;
      }
      receiver.requests.push(request);
      const status = request.signatureValid ? receiver.answer(request) : 400;
      if (status === 'hang') return; // never answered; the sender's timeout ends it
      request.answered = status;
      if (status >= 200 && status < 300 && request.eventId) {
        const event = JSON.parse(body);
        receiver.accepted.set(event.id, (receiver.accepted.get(event.id) ?? 0) + 1);
        receiver.events.set(event.id, event);
        for (const resolve of waiters.splice(0)) resolve(event);
      }
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : 'not now');
    });
  });
  /** The next accepted event. */
  receiver.next = () => new Promise((resolve) => waiters.push(resolve));
  receiver.close = () => {
    server.closeAllConnections();
    return new Promise((resolve) => server.close(resolve));
  };
  return new Promise((resolve, reject) =>
    server.once('error', reject).listen(port, '127.0.0.1', () => {
      receiver.url = `http://127.0.0.1:${server.address().port}/webhooks`;
      resolve(receiver);
    }),
  );
}

module.exports = { startReceiver, verify };
