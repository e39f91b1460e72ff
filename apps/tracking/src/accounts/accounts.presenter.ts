import type { SchemaObject } from '@nestjs/swagger';
import { apiObjectSchema, modeSchema } from '@app/platform';
import { ApiKeyEntity } from './api-key.entity';
import { AuditLogEntryEntity } from './audit-log-entry.entity';
import { keyStatus } from './manage-keys/manage-keys.usecase';
import { WorkspaceEntity } from './workspace.entity';

/**
 * A key as it may be shown after creation: its prefix and last characters; a publishable key also
 * as itself where it was kept (null for keys made before it was), a secret key never.
 */
export function presentApiKey(key: ApiKeyEntity) {
  const shown = key.kind === 'publishable' ? { key: key.publishableKey } : {};
  return {
    id: key.id,
    object: 'api_key',
    kind: key.kind,
    mode: key.mode,
    hint: key.keyHint,
    status: keyStatus(key),
    created_at: key.createdAt.toISOString(),
    expires_at: key.expiresAt?.toISOString() ?? null,
    revoked_at: key.revokedAt?.toISOString() ?? null,
    ...shown,
  };
}

/** A key just made: the one answer that carries the key itself. */
export function presentIssuedKey(key: ApiKeyEntity, secret: string) {
  return { ...presentApiKey(key), key: secret };
}

export function presentWorkspace(workspace: WorkspaceEntity) {
  return { id: workspace.id, object: 'workspace', name: workspace.name, created_at: workspace.createdAt.toISOString() };
}

export function presentAuditLogEntry(entry: AuditLogEntryEntity) {
  return {
    id: entry.id,
    object: 'audit_log_entry',
    at: entry.at.toISOString(),
    actor: entry.actor,
    action: entry.action,
    mode: entry.mode,
    api_key_id: entry.apiKeyId,
    details: entry.details,
  };
}

const timestamp: SchemaObject = { type: 'string', format: 'date-time' };

export const apiKeySchema = apiObjectSchema('api_key', {
  kind: { type: 'string', enum: ['publishable', 'secret'] },
  mode: modeSchema,
  hint: { type: 'string', description: 'The prefix and last four characters, e.g. sk_live_…x9Qz' },
  status: { type: 'string', enum: ['active', 'expiring', 'expired', 'revoked'], description: 'expiring: rolled, still in its grace period' },
  created_at: timestamp,
  expires_at: { ...timestamp, nullable: true, description: 'Set when rolled: the key stops then' },
  revoked_at: { ...timestamp, nullable: true },
  key: {
    type: 'string',
    nullable: true,
    description:
      'Publishable keys only (absent on secret keys): the key itself, public by design, for the snippet tag. ' +
      'Null for publishable keys made before keys were kept; those show their hint only. Secret keys are stored hashed and shown once, when made.',
  },
});

export const issuedKeySchema: SchemaObject = {
  allOf: [
    apiKeySchema,
    { type: 'object', properties: { key: { type: 'string', description: 'The key itself; a secret key is shown this once: it is stored hashed' } } },
  ],
};

export const rolledKeySchema: SchemaObject = {
  type: 'object',
  properties: { key: issuedKeySchema, rolled: apiKeySchema },
};

export const workspaceSchema: SchemaObject = {
  type: 'object',
  properties: { id: { type: 'string' }, object: { type: 'string', enum: ['workspace'] }, name: { type: 'string' }, created_at: timestamp },
};

export const createdWorkspaceSchema: SchemaObject = {
  allOf: [
    workspaceSchema,
    {
      type: 'object',
      properties: {
        keys: {
          type: 'object',
          description: 'The four keys, shown this once: they are stored hashed',
          properties: { pk_test: { type: 'string' }, sk_test: { type: 'string' }, pk_live: { type: 'string' }, sk_live: { type: 'string' } },
        },
      },
    },
  ],
};

export const auditLogEntrySchema = apiObjectSchema('audit_log_entry', {
  at: timestamp,
  actor: { type: 'string', description: 'operator:admin_api, operator:admin_cli, or api_key:<id> (the secret key that made the change)' },
  action: { type: 'string', enum: ['workspace.created', 'workspace.renamed', 'api_key.created', 'api_key.rolled', 'api_key.revoked'] },
  mode: { type: 'string', enum: ['test', 'live'], nullable: true, description: 'The mode of the key concerned; null for the workspace itself' },
  api_key_id: { type: 'string', format: 'uuid', nullable: true },
  details: { type: 'object', description: 'What changed: hints, names, the end of a grace period' },
});

/** Rolling and revoking a key, as the workspace's own API and the operator's API both document them. */
export const keyRouteDocs = {
  roll: 'Replace a key: the new one is shown this once; the old one works for grace_seconds (a day by default), then stops',
  rolled: { status: 200, description: 'The new key and the rolled one', schema: rolledKeySchema },
  notRollable: { status: 409, description: 'The key is revoked, expired or already rolled' },
  revoke: 'Revoke a key: every service refuses it within seconds',
  revoked: { status: 200, description: 'The revoked key', schema: apiKeySchema },
  notRevocable: { status: 409, description: 'The key is already revoked or expired' },
};
