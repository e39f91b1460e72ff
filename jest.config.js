const { readFileSync } = require('node:fs');

const swc = JSON.parse(readFileSync(`${__dirname}/.swcrc`, 'utf8'));
delete swc.$schema;

const libs = ['domain', 'config', 'messaging', 'persistence', 'platform'];

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/test'],
  // Tiers: unit specs beside the code (*.spec.ts, no I/O); medium specs beside the code against the real
  // PostgreSQL or NATS (*.medium-spec.ts); end-to-end specs against the running services in test/ (*.e2e-spec.ts).
  testRegex: '\\.(spec|medium-spec|e2e-spec)\\.ts$',
  transform: { '^.+\\.ts$': ['@swc/jest', { ...swc, swcrc: false }] },
  moduleNameMapper: Object.fromEntries(libs.map((l) => [`^@app/${l}(|/.*)$`, `<rootDir>/libs/${l}/src$1`])),
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  testTimeout: 60_000,
  // Two cores: one worker per core keeps the services' timing realistic.
  maxWorkers: 2,
};
