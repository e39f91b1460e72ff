import { z } from 'zod';
import { commonEnv, databaseEnv, envHelpers } from './common';
import { ConfigError, loadConfig } from './load-config';

const schema = z.object({ ...commonEnv, ...databaseEnv, PORT: envHelpers.port(3000), SECRET: z.string().startsWith('whsec_') });

describe('loadConfig', () => {
  it('applies defaults for a minimal environment', () => {
    const config = loadConfig(schema, { SECRET: 'whsec_abc' });
    expect(config.NATS_URL).toBe('nats://127.0.0.1:4222');
    expect(config.PORT).toBe(3000);
    expect(config.DATABASE_MIGRATE_ON_START).toBe(true);
  });

  it('names every bad variable and never echoes a value', () => {
    let error: unknown;
    try {
      loadConfig(schema, { PORT: 'eighty', NATS_URL: 'http://x', SECRET: 'sk_live_leaked', DATABASE_MIGRATE_ON_START: 'yes' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toMatch(/PORT: must be a port number/);
    expect(message).toMatch(/NATS_URL: must be one or more nats:\/\/ URLs/);
    expect(message).toMatch(/DATABASE_MIGRATE_ON_START: must be true or false/);
    expect(message).toMatch(/SECRET:/);
    expect(message).not.toContain('sk_live_leaked');
  });
});
