import { randomUUID } from 'node:crypto';

/** Click ids are UUIDs because merchants pass them through Stripe's `client_reference_id`. */
export type ClickId = string;
export type WorkspaceId = string;
export type PartnerId = string;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Any letter case is accepted: merchants' languages format UUIDs differently. */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/** The canonical form we store and compare: lower case. */
export function normalizeUuid(value: string): string {
  return value.toLowerCase();
}

export function newId(): string {
  return randomUUID();
}

/** Workspace ids are readable slugs (`ws_default`) so that configuration can name them. */
const WORKSPACE_ID = /^ws_[a-z0-9_]{1,60}$/;
export function isWorkspaceId(value: unknown): value is WorkspaceId {
  return typeof value === 'string' && WORKSPACE_ID.test(value);
}
export const DEFAULT_WORKSPACE_ID: WorkspaceId = 'ws_default';
