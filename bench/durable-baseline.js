// The durable baseline, run as its own process by bench/lib.js: a bare node:http server that stores
// each request body in JetStream (file storage, one message per request, a message id each, as the
// services do) and answers once the stream acknowledged it. No framework, no validation, no auth:
// what the durability alone costs on this machine with the same NATS client the services use.
const http = require('node:http');
const { connect } = require('nats');

const { PORT, NATS_URL, SUBJECT, STATUS, BODY } = process.env;

async function main() {
  const nc = await connect({ servers: NATS_URL });
  const js = nc.jetstream();
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
          for (const p of batch) js.publish(SUBJECT, p.data, { msgID: `${process.pid}-${n++}` }).then(p.resolve, p.reject);
        });
    });
  http
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
    .listen(Number(PORT), '127.0.0.1', () => console.log('up'));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
