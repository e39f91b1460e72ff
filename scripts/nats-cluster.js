// A local three-node JetStream cluster on loopback: three nats-server processes, each with its own
// store directory and server name, routed to one another.
//
//   node scripts/nats-cluster.js start    # or `npm run nats-cluster -- start`; prints the NATS_URL to use
//   node scripts/nats-cluster.js status
//   node scripts/nats-cluster.js stop     # stops the nodes and keeps their data (`stop --purge` removes it)
//
// As a command it runs the nodes in the background, on ports NATS_CLUSTER_PORT (client ports from
// 4231, route ports from 6231), with data, logs and pid files in .selgeo/nats-cluster. As a module
// (`startCluster`) it runs them as children of a drill or bench on ports the OS says are free, and
// removes them and their data when the run ends (bench/lifecycle.js).
const { spawn } = require('node:child_process');
const { existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join, resolve } = require('node:path');
const { connect } = require('nats');
const { onCleanup, freePort, portOpen, listensOn, waitOwnPort, spawnTracked, stopChild } = require('../bench/lifecycle');

const SIZE = 3;

/** NATS_URL's servers: one URL, or several comma-separated (nats.js wants them as a list). */
function natsServers(url) {
  return url.split(',').map((s) => s.trim());
}

function natsBinary() {
  return ['/usr/sbin/nats-server', '/usr/bin/nats-server', '/usr/local/bin/nats-server'].find(existsSync) ?? 'nats-server';
}

/** The arguments of node `i` of a cluster whose nodes listen on `ports` (client) and `routePorts`. */
function nodeArgs({ cluster, i, ports, routePorts, dir }) {
  const routes = routePorts.filter((_, j) => j !== i).map((p) => `nats://127.0.0.1:${p}`);
  return [
    ['-a', '127.0.0.1', '-p', String(ports[i]), '-n', `${cluster}-n${i + 1}`, '-js', '-sd', join(dir, `n${i + 1}`)],
    ['--cluster_name', cluster, '--cluster', `nats://127.0.0.1:${routePorts[i]}`, '--routes', routes.join(',')],
  ].flat();
}

/** Resolves once the cluster has a JetStream meta leader (it answers account info) through `url`. */
async function waitJetStream(url, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const nc = await connect({ servers: natsServers(url), timeout: 2000, maxReconnectAttempts: 0 }).catch(() => null);
    try {
      // jetstreamManager() asks for the account's JetStream info: it fails until a meta leader answers.
      if (nc && (await nc.jetstreamManager({ timeout: 2000 }).catch(() => null))) return;
    } finally {
      await nc?.close();
    }
    if (Date.now() > deadline) throw new Error(`the NATS cluster at ${url} had no JetStream meta leader within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * Starts a cluster as children of this run on free loopback ports; each node's data in a temporary
 * directory. Returns its `url` (the three, comma-separated, as NATS_URL takes them) and its `nodes`,
 * each with `name`, `url`, `kill()` (SIGKILL) and `start()` (again, same port, same data).
 */
async function startCluster({ cluster = 'selgeo', size = SIZE } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'selgeo-nats-cluster-'));
  onCleanup(() => rmSync(dir, { recursive: true, force: true }));
  const ports = [];
  const routePorts = [];
  // Distinct ports: freePort may hand back a port it gave a moment ago, once that one is closed again.
  while (ports.length < size || routePorts.length < size) {
    const port = await freePort();
    if (ports.includes(port) || routePorts.includes(port)) continue;
    (ports.length < size ? ports : routePorts).push(port);
  }
  const nodes = ports.map((port, i) => {
    let child;
    const node = {
      name: `${cluster}-n${i + 1}`,
      url: `nats://127.0.0.1:${port}`,
      get pid() {
        return child?.pid;
      },
      get running() {
        return !!child && child.exitCode === null && child.signalCode === null;
      },
      start: async () => {
        child = spawnTracked(natsBinary(), nodeArgs({ cluster, i, ports, routePorts, dir }), { stdio: 'ignore' });
        await waitOwnPort(child, port, { name: `nats-server ${node.name}`, timeoutMs: 15_000 });
      },
      kill: () => stopChild(child, 'SIGKILL'),
    };
    return node;
  });
  await Promise.all(nodes.map((n) => n.start()));
  const url = nodes.map((n) => n.url).join(',');
  await waitJetStream(url);
  const handle = { url, nodes, dir, leaderOf: (stream) => leaderOf(url, stream), waitCurrent: (prefix, node) => waitCurrent(handle, prefix, node) };
  return handle;
}

/** The server name of the node leading `stream` (JetStream stream info, `cluster.leader`); undefined while none leads. */
async function leaderOf(url, stream) {
  const nc = await connect({ servers: natsServers(url), timeout: 2000 });
  try {
    // Opening the manager asks JetStream too, and answers 503 while the cluster elects: no leader known yet.
    const jsm = await nc.jetstreamManager({ timeout: 2000 }).catch(() => null);
    const info = jsm && (await jsm.streams.info(stream).catch(() => null));
    return info?.cluster?.leader;
  } finally {
    await nc.close();
  }
}

/**
 * Resolves once node `name` is back in the JetStream cluster (its own JetStream API answers) and
 * holds a current copy of every stream whose name starts with `prefix` (it leads it, or its replica
 * is current and was heard from within the last second). Until then, another node down would leave
 * those streams without a quorum.
 */
async function waitCurrent({ nodes }, prefix, name, timeoutMs = 60_000) {
  const node = nodes.find((n) => n.name === name);
  const deadline = Date.now() + timeoutMs;
  const current = (info) =>
    info?.cluster?.leader === name || info?.cluster?.replicas?.some((r) => r.name === name && r.current && !r.offline && r.active < 1e9);
  for (;;) {
    const nc = await connect({ servers: node.url, timeout: 2000, maxReconnectAttempts: 0 }).catch(() => null);
    try {
      const jsm = await nc?.jetstreamManager({ timeout: 2000 }).catch(() => null);
      const names = jsm
        ? await jsm.streams
            .names()
            .next()
            .catch(() => null)
        : null;
      if (names) {
        const infos = await Promise.all(names.filter((s) => s.startsWith(prefix)).map((s) => jsm.streams.info(s).catch(() => null)));
        if (infos.every(current)) return;
      }
    } finally {
      await nc?.close();
    }
    if (Date.now() > deadline) throw new Error(`${name} was not current on every ${prefix}* stream within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

// ---- the command: a cluster in the background, for a person and for `npm start` alike ----

function stateDir() {
  return join(process.env.SELGEO_STATE_DIR ?? resolve(__dirname, '..', '.selgeo'), 'nats-cluster');
}

function fixedPorts() {
  const first = Number(process.env.NATS_CLUSTER_PORT ?? 4231);
  return { ports: [0, 1, 2].map((i) => first + i), routePorts: [0, 1, 2].map((i) => first + 2000 + i) };
}

/** The pid in node `i`'s pid file, if that process still runs and is a nats-server started for this directory. */
function runningPid(dir, i) {
  try {
    const pid = Number(readFileSync(join(dir, `n${i + 1}.pid`), 'utf8'));
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return cmdline.some((a) => a.endsWith('nats-server')) && cmdline.includes(join(dir, `n${i + 1}`)) ? pid : undefined;
  } catch {
    return undefined;
  }
}

async function command(action) {
  const dir = stateDir();
  const { ports, routePorts } = fixedPorts();
  const url = ports.map((p) => `nats://127.0.0.1:${p}`).join(',');
  if (action === 'start') {
    mkdirSync(dir, { recursive: true });
    for (let i = 0; i < SIZE; i++) {
      if (runningPid(dir, i)) continue;
      for (const p of [ports[i], routePorts[i]]) if (await portOpen(p)) throw new Error(`127.0.0.1:${p} is taken by another program (set NATS_CLUSTER_PORT)`);
      const log = openSync(join(dir, `n${i + 1}.log`), 'a');
      const child = spawn(natsBinary(), nodeArgs({ cluster: 'selgeo', i, ports, routePorts, dir }), { detached: true, stdio: ['ignore', log, log] });
      writeFileSync(join(dir, `n${i + 1}.pid`), String(child.pid));
      child.unref();
      await waitOwnPort(child, ports[i], { name: `nats-server selgeo-n${i + 1}`, timeoutMs: 15_000 });
    }
    await waitJetStream(url);
    console.log(`three-node JetStream cluster up (data and logs in ${dir}). For the services:`);
    console.log(`NATS_URL=${url} NATS_STREAM_REPLICAS=3`);
  } else if (action === 'stop') {
    for (let i = 0; i < SIZE; i++) {
      const pid = runningPid(dir, i);
      if (pid) process.kill(pid, 'SIGTERM');
    }
    for (let waited = 0; [0, 1, 2].some((i) => runningPid(dir, i)) && waited < 100; waited++) await new Promise((r) => setTimeout(r, 100));
    if (process.argv.includes('--purge')) rmSync(dir, { recursive: true, force: true });
    console.log(`stopped${process.argv.includes('--purge') ? '; data removed' : `; data kept in ${dir}`}`);
  } else if (action === 'status') {
    for (let i = 0; i < SIZE; i++) {
      const pid = runningPid(dir, i);
      const serving = pid !== undefined && listensOn(pid, ports[i]) !== false && (await portOpen(ports[i]));
      console.log(`selgeo-n${i + 1} nats://127.0.0.1:${ports[i]}: ${serving ? `running (pid ${pid})` : 'stopped'}`);
    }
  } else {
    throw new Error('usage: node scripts/nats-cluster.js start|stop [--purge]|status');
  }
}

if (require.main === module) {
  command(process.argv[2]).then(
    () => process.exit(0),
    (err) => {
      console.error(err.message);
      process.exit(1);
    },
  );
}

module.exports = { natsServers, startCluster, leaderOf, waitCurrent, natsBinary, waitJetStream };
