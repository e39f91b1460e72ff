// What every bench and drill needs to share a machine: free loopback ports, a check that what
// answers on a port is the process the run started (not someone else's service that was there
// first), and one clean-up list that runs on success, failure, a timeout's SIGTERM and Ctrl-C alike.
const { spawn } = require('node:child_process');
const { readdirSync, readFileSync, readlinkSync } = require('node:fs');
const { createServer, Socket } = require('node:net');
const { constants } = require('node:os');

const cleanups = [];
let cleaning;

/** Registers `fn` to run when the run ends, however it ends; the last registered runs first. */
function onCleanup(fn) {
  cleanups.push(fn);
  return fn;
}

/** Runs every registered clean-up once, reporting (not throwing) what failed. */
function cleanUp() {
  cleaning ??= (async () => {
    while (cleanups.length) {
      try {
        await cleanups.pop()();
      } catch (err) {
        console.error(`clean-up step failed: ${err.message}`);
      }
    }
  })();
  return cleaning;
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.once(signal, () => {
    console.error(`${signal}: stopping what this run started`);
    // A second signal during the clean-up ends the process at once.
    process.once(signal, () => process.exit(128 + constants.signals[signal]));
    cleanUp().finally(() => process.exit(128 + constants.signals[signal]));
  });
}

/** Runs a bench's or drill's `main`, then the clean-ups, and exits with main's verdict. */
function run(main) {
  main()
    .catch((err) => {
      console.error(err);
      process.exitCode = 1;
    })
    .then(cleanUp)
    .finally(() => process.exit(process.exitCode ?? 0));
}

/** A loopback port nothing listens on right now (the OS picks it). */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function portOpen(port) {
  return new Promise((resolve) => {
    const socket = new Socket();
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.connect(port, '127.0.0.1');
  });
}

function exited(child) {
  return child.exitCode !== null || child.signalCode !== null;
}

/**
 * Whether process `pid` holds the listening socket of TCP `port` (Linux: /proc/net/tcp*, then the
 * process's file descriptors). Where /proc cannot be read the answer is `undefined`: unknown.
 */
function listensOn(pid, port) {
  const inodes = new Set();
  try {
    for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
      for (const row of readFileSync(table, 'utf8').trim().split('\n').slice(1)) {
        const fields = row.trim().split(/\s+/);
        if (fields[3] === '0A' && parseInt(fields[1].split(':')[1], 16) === port) inodes.add(fields[9]);
      }
    }
    return readdirSync(`/proc/${pid}/fd`).some((fd) => {
      try {
        return inodes.has(/^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`))?.[1]);
      } catch {
        return false;
      }
    });
  } catch {
    return undefined;
  }
}

/**
 * Resolves once `child` listens on `port` and `isReady()` holds; throws as soon as the child exits
 * (e.g. the port was taken after all). What answers counts only if `child` holds the port.
 */
async function waitOwnPort(child, port, { name, timeoutMs = 30_000, isReady = async () => true }) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited(child))
      throw Object.assign(new Error(`${name} exited (${child.exitCode ?? child.signalCode}) before it was ready on port ${port}`), { exitedEarly: true });
    // Something else may hold the port (taken between our probe and the child's bind): the child
    // then exits with EADDRINUSE, and the foreign answers are never taken for its own.
    if ((await portOpen(port)) && listensOn(child.pid, port) !== false && (await isReady().catch(() => false))) return;
    if (Date.now() > deadline)
      throw new Error(
        `${name} did not become ready on port ${port} within ${timeoutMs} ms` +
          (listensOn(child.pid, port) === false ? ' (another process holds that port)' : ''),
      );
    await new Promise((r) => setTimeout(r, 100));
  }
}

function stopChild(child, signal = 'SIGTERM', graceMs = 10_000) {
  if (!child || exited(child)) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => (clearTimeout(force), resolve()));
    child.kill(signal);
  });
}

/** `spawn`, with the child stopped by the clean-ups if it still runs then. */
function spawnTracked(command, args, options) {
  const child = spawn(command, args, options);
  onCleanup(() => stopChild(child));
  return child;
}

module.exports = { onCleanup, cleanUp, run, freePort, portOpen, listensOn, waitOwnPort, stopChild, spawnTracked };
