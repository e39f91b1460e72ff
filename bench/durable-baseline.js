// The durable baseline, run as its own process by bench/lib.js: a bare node:http server that stores
// each request body in JetStream (file storage, one message per request, a message id each, as the
// services do) and answers once the stream acknowledged it. No framework, no validation, no auth:
// what the durability alone costs on this machine, with the same publish protocol the services use
// (libs/messaging/src/pub-ack-inbox.ts: a core publish with a reply subject, PubAcks matched by token).
const http = require('node:http');
const { connect, createInbox, headers } = require('nats');

const { PORT, NATS_URL, SUBJECT, STATUS, BODY } = process.env;

async function main() {
  const nc = await connect({ servers: NATS_URL.split(',') });
  const inbox = createInbox();
  const pending = new Map();
  nc.subscribe(`${inbox}.*`, {
    callback: (_err, msg) => {
      const token = msg.subject.slice(inbox.length + 1);
      const waiting = pending.get(token);
      pending.delete(token);
      const ack = msg.data.length > 0 ? JSON.parse(msg.string()) : { error: 'no stream' };
      if (ack.error || !ack.stream) waiting.reject(new Error(JSON.stringify(ack.error)));
      else waiting.resolve(ack);
    },
  });
  let n = 0;
  // Publishes of one event-loop turn are made together (as the services' TurnBatcher does), so
  // nats.js writes them to the socket at once.
  let turn = [];
  const publish = (data) =>
    new Promise((resolve, reject) => {
      if (turn.push({ data, resolve, reject }) === 1)
        setImmediate(() => {
          const batch = turn;
          turn = [];
          for (const p of batch) {
            const token = (n++).toString(36);
            const h = headers();
            h.set('Nats-Msg-Id', `${process.pid}-${token}`);
            pending.set(token, p);
            nc.publish(SUBJECT, p.data, { reply: `${inbox}.${token}`, headers: h });
          }
        });
    });
  const server = http
    .createServer((req, res) => {
      const chunks = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        publish(Buffer.concat(chunks)).then(
          () => res.writeHead(Number(STATUS), { 'content-type': 'application/json; charset=utf-8' }).end(BODY),
          (err) => res.writeHead(503).end(String(err)),
        );
      });
    })
    // PORT=0 takes a free port; the port is printed, for the bench to find it.
    .listen(Number(PORT), '127.0.0.1', () => console.log(server.address().port));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
