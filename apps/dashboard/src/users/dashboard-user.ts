import type { WorkspaceId } from '@app/domain';

/** Owners manage the workspace's users; members do everything else. */
export const ROLES = ['owner', 'member'] as const;
export type Role = (typeof ROLES)[number];

/** A person who signs in to one workspace's dashboard. */
export interface DashboardUser {
  id: string;
  workspaceId: WorkspaceId;
  email: string;
  role: Role;
  createdAt: Date;
}

export function presentUser(user: DashboardUser) {
  return { id: user.id, object: 'dashboard_user', email: user.email, role: user.role, created_at: user.createdAt.toISOString() };
}

/** Emails are compared as people mean them: case-insensitively, without surrounding spaces. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}
