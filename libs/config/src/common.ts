import { z } from 'zod';
import { DEFAULT_WORKSPACE_ID, isWorkspaceId } from '@app/domain';

const port = (fallback: number) =>
  z.coerce
    .number({ invalid_type_error: 'must be a port number' })
    .int('must be a whole number')
    .min(0, 'must be between 0 and 65535')
    .max(65535, 'must be between 0 and 65535')
    .default(fallback);

const url = (protocols: string[], fallback: string) =>
  z
    .string()
    .default(fallback)
    .refine(
      (v) => {
        try {
          return protocols.includes(new URL(v).protocol);
        } catch {
          return false;
        }
      },
      `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`,
    );

const positiveInt = (fallback: number, max = Number.MAX_SAFE_INTEGER) =>
  z.coerce.number({ invalid_type_error: 'must be a number' }).int('must be a whole number').min(1).max(max).default(fallback);

const bool = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0'], { errorMap: () => ({ message: 'must be true or false' }) })
    .default(fallback ? 'true' : 'false')
    .transform((v) => v === 'true' || v === '1');

/** Settings every service shares. */
export const commonEnv = {
  HOST: z.string().min(1).default('127.0.0.1'),
  NATS_URL: z
    .string()
    .default('nats://127.0.0.1:4222')
    .refine((v) => v.split(',').every((s) => /^(nats|tls):\/\/[^\s]+$/.test(s.trim())), 'must be one or more nats:// URLs, comma-separated'),
  /**
   * Credentials for a NATS server that requires them (it holds the API key directory). A URL's own
   * `user:pass@` works too; these win when both are given. Unset: no authentication.
   */
  NATS_USER: z.preprocess((v) => (v === '' ? undefined : v), z.string().max(256).optional()),
  NATS_PASSWORD: z.preprocess((v) => (v === '' ? undefined : v), z.string().max(256).optional()),
  /**
   * How long a message that could never be handled stays in the DEAD_LETTERS stream for an
   * operator to look at (days). Its reason is logged when it is moved there.
   */
  DEAD_LETTER_RETENTION_DAYS: positiveInt(30, 3650),
  /** Prefix of every subject and stream, so environments can share a NATS cluster. */
  SELGEO_NAMESPACE: z
    .string()
    .default('selgeo')
    .refine((v) => /^[a-z][a-z0-9_]{0,31}$/.test(v), 'must be lower-case letters, digits or _, starting with a letter'),
  NATS_STREAM_REPLICAS: positiveInt(1, 5),
  NATS_PUBLISH_TIMEOUT_MS: positiveInt(3000, 60000),
  DEFAULT_WORKSPACE_ID: z.string().default(DEFAULT_WORKSPACE_ID).refine(isWorkspaceId, 'must look like ws_default (ws_ and lower-case letters, digits or _)'),
  LOG_LEVEL: z.enum(['error', 'warn', 'log', 'debug', 'verbose']).default('log'),
};

export const databaseEnv = {
  DATABASE_URL: url(['postgres:', 'postgresql:'], 'postgres://postgres:postgres@127.0.0.1:5432/selgeo'),
  DATABASE_POOL_SIZE: positiveInt(10, 200),
  /** Replicas may all start at once: migrations run under a PostgreSQL advisory lock. */
  DATABASE_MIGRATE_ON_START: bool(true),
};

/**
 * 32 random bytes, base64: seals signing secrets at rest (AES-256-GCM): attribution's outgoing-webhook
 * secrets, and the Stripe signing secrets tracking stores and the gateway reads. Required by every
 * service: a database or NATS copy must not give the secrets away. `npm start` and compose make one.
 */
export const secretsEnv = {
  WEBHOOK_SECRETS_KEY: z
    .preprocess(
      (v) => (v === '' ? undefined : v),
      z.string({ required_error: 'is required: 32 random bytes in base64 (openssl rand -base64 32) that seal webhook signing secrets' }),
    )
    .refine((v) => Buffer.from(v, 'base64').length === 32, 'must be 32 random bytes in base64 (e.g. openssl rand -base64 32)')
    .transform((v) => Buffer.from(v, 'base64')),
};

export const envHelpers = { port, url, positiveInt, bool };

export type CommonConfig = z.output<z.ZodObject<typeof commonEnv>>;
export type DatabaseConfig = z.output<z.ZodObject<typeof databaseEnv>>;
