import { HttpException, INestApplicationContext } from '@nestjs/common';
import { ApiKeyKind, Mode, MODES } from '@app/domain';
import { presentApiKey, presentAuditLogEntry, presentIssuedKey, presentWorkspace } from '../accounts/accounts.presenter';
import { AuditLogQuery } from '../accounts/audit-log.query';
import { ManageKeysUseCase } from '../accounts/manage-keys/manage-keys.usecase';
import { CreateWorkspaceUseCase } from '../accounts/create-workspace/create-workspace.usecase';
import { RenameWorkspaceUseCase } from '../accounts/rename-workspace/rename-workspace.usecase';
import { WorkspacesQuery } from '../accounts/workspaces.query';

const OPERATOR = 'operator:admin_cli';

export const ADMIN_USAGE = `Usage: npm run admin -- <command>
  workspace create <name> [owner_email]           create a workspace and its dashboard owner; prints its four keys and the
                                                  owner's password, the only time they are shown
  workspace list
  workspace rename <workspace_id> <name>
  keys list <workspace_id>                        prefix and last characters only
  keys create <workspace_id> <publishable|secret> <test|live>
  keys roll <workspace_id> <key_id> [grace_seconds]   the old key works for grace_seconds (default 86400), then stops
  keys revoke <workspace_id> <key_id>
  audit <workspace_id> [limit]                    the workspace's audit log, newest first`;

/**
 * The operator's command line: the same use cases as the admin API, run in a one-shot instance
 * of the tracking service. Answers are JSON, one document on stdout; the exit code is 0 on
 * success, 1 on a refused command (its message on stderr), 2 on a usage error.
 */
export async function runAdminCommand(app: INestApplicationContext, args: string[], out: (text: string) => void, err: (text: string) => void): Promise<number> {
  const print = (value: unknown) => out(JSON.stringify(value, null, 2) + '\n');
  const [group, command, ...rest] = args;
  const workspaces = app.get(WorkspacesQuery);
  const keys = app.get(ManageKeysUseCase);
  try {
    if (group === 'workspace' && command === 'create' && rest.length === 1 && rest[0].trim()) {
      const created = await app.get(CreateWorkspaceUseCase).execute({ name: rest[0].trim(), actor: OPERATOR });
      print({ id: created.id, object: 'workspace', name: created.name, keys: created.keys });
    } else if (group === 'workspace' && command === 'list' && rest.length === 0) {
      print((await workspaces.list()).map(presentWorkspace));
    } else if (group === 'workspace' && command === 'rename' && rest.length === 2 && rest[1].trim()) {
      print(presentWorkspace(await app.get(RenameWorkspaceUseCase).execute({ workspaceId: rest[0], name: rest[1].trim(), actor: OPERATOR })));
    } else if (group === 'keys' && command === 'list' && rest.length === 1) {
      print((await keys.list({ workspaceId: rest[0] })).map(presentApiKey));
    } else if (group === 'keys' && command === 'create' && rest.length === 3 && isKind(rest[1]) && isMode(rest[2])) {
      const { key, secret } = await keys.create({ workspaceId: rest[0] }, OPERATOR, rest[1], rest[2]);
      print(presentIssuedKey(key, secret));
    } else if (group === 'keys' && command === 'roll' && (rest.length === 2 || (rest.length === 3 && /^\d{1,7}$/.test(rest[2])))) {
      const { key, secret, rolled } = await keys.roll({ workspaceId: rest[0] }, OPERATOR, rest[1], rest[2] ? Number(rest[2]) : undefined);
      print({ key: presentIssuedKey(key, secret), rolled: presentApiKey(rolled) });
    } else if (group === 'keys' && command === 'revoke' && rest.length === 2) {
      print(presentApiKey(await keys.revoke({ workspaceId: rest[0] }, OPERATOR, rest[1])));
    } else if (group === 'audit' && command && rest.length <= 1 && (!rest[0] || /^\d{1,3}$/.test(rest[0]))) {
      const entries = await app.get(AuditLogQuery).entries({ workspaceId: command }, Math.min(Number(rest[0] ?? 50) || 50, 100));
      print(entries.map(presentAuditLogEntry));
    } else {
      err(`${ADMIN_USAGE}\n`);
      return 2;
    }
    return 0;
  } catch (e) {
    if (!(e instanceof HttpException)) throw e;
    err(`${e.message}\n`);
    return 1;
  }
}

const isKind = (v: string): v is ApiKeyKind => v === 'publishable' || v === 'secret';
const isMode = (v: string): v is Mode => (MODES as readonly string[]).includes(v);
