import type { Actor } from '../actor';

export interface RenameWorkspaceCommand {
  workspaceId: string;
  name: string;
  /** Who the audit log names. */
  actor: Actor;
}
