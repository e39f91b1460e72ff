/**
 * The two columns every workspace-scoped table opens with, as the migrations wrote them (a table's
 * columns are indented eight spaces), with the workspace's `REFERENCES` where the table has one:
 * `${workspaceScopeColumns()},` in a CREATE TABLE stands for exactly the text that was there before,
 * so a migration that already ran executes the same SQL.
 */
export function workspaceScopeColumns(workspacesReference?: string): string {
  const references = workspacesReference ? ` REFERENCES ${workspacesReference}` : '';
  return `workspace_id text NOT NULL${references},
        mode text NOT NULL CHECK (mode IN ('test', 'live'))`;
}

/** A workspace's record, as the entities' `WorkspaceRecord`: its uuid `id`, then the workspace scope's two columns. */
export function workspaceRecordColumns(workspacesReference?: string): string {
  return `id uuid PRIMARY KEY,
        ${workspaceScopeColumns(workspacesReference)}`;
}

/**
 * A service's transactional outbox: events written with the change they announce and published
 * after it commits, in id order. As the migrations wrote it (indented for a `q.query` call).
 */
export function outboxTable(schema: string): string {
  return `
      CREATE TABLE ${schema}.outbox (
        id bigserial PRIMARY KEY,
        subject text NOT NULL,
        msg_id text NOT NULL,
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`;
}
