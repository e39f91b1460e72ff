// Validates the environment of the four services exactly as they will at start-up (their own
// zod schemas, apps/*/src/config.ts), straight from the TypeScript sources: `npm start` runs it
// before it stops, builds or starts anything, so a bad setting costs a second, not a build.
// Prints each problem once (names, never values: some are secrets) and exits 1; silent when all is well.
const Module = require('node:module');
const { readFileSync } = require('node:fs');
const { resolve } = require('node:path');
const swc = require('@swc/core');

const root = resolve(__dirname, '..');

// The services' imports of the shared libraries (`@app/config`, `@app/domain`, ...), as tsconfig maps them.
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const lib = /^@app\/([a-z-]+)(\/.*)?$/.exec(request);
  return resolveFilename.call(this, lib ? resolve(root, 'libs', lib[1], 'src', (lib[2] ?? '').slice(1)) : request, ...rest);
};
require.extensions['.ts'] = (module, filename) => {
  const { code } = swc.transformSync(readFileSync(filename, 'utf8'), {
    filename,
    jsc: { parser: { syntax: 'typescript', decorators: true }, target: 'es2022' },
    module: { type: 'commonjs' },
  });
  module._compile(code, filename);
};

const services = {
  tracking: () => require(resolve(root, 'apps/tracking/src/config.ts')).loadTrackingConfig(process.env),
  'webhook-ingest': () => require(resolve(root, 'apps/webhook-ingest/src/config.ts')).loadWebhookIngestConfig(process.env),
  attribution: () => require(resolve(root, 'apps/attribution/src/config.ts')).loadAttributionConfig(process.env),
  commissions: () => require(resolve(root, 'apps/commissions/src/config.ts')).loadCommissionsConfig(process.env),
  dashboard: () => require(resolve(root, 'apps/dashboard/src/config.ts')).loadDashboardConfig(process.env),
};

const problems = new Map();
for (const [service, load] of Object.entries(services)) {
  try {
    load();
  } catch (err) {
    if (!Array.isArray(err.problems)) throw err;
    for (const problem of err.problems) problems.set(problem, [...(problems.get(problem) ?? []), service]);
  }
}
if (problems.size) {
  process.stderr.write(`Invalid configuration: nothing was stopped or started.\n`);
  for (const [problem, where] of problems) process.stderr.write(`  - ${problem} (${where.join(', ')})\n`);
  process.exit(1);
}
