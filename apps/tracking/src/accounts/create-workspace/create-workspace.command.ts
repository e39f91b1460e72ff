import type { Actor } from '../actor';

export interface CreateWorkspaceCommand {
  /** Absent: a fresh `ws_` id, so the workspace is always created. */
  id?: string;
  name: string;
  /** DEFAULT_ATTRIBUTION_WINDOW_DAYS unless given. */
  attributionWindowDays?: number;
  /** Who the audit log names; the operator's command line unless given. */
  actor?: Actor;
}
