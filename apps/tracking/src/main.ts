import 'reflect-metadata';
import { runService } from '@app/platform';
import { loadTrackingConfig } from './config';
import { createTrackingApp } from './tracking.app';
import { CreateWorkspaceUseCase } from './accounts/create-workspace/create-workspace.usecase';
import { runAdminCommand } from './admin/admin-cli';

async function main(): Promise<void> {
  const config = loadTrackingConfig();
  const app = await createTrackingApp(config);
  if (process.argv[2] === 'bootstrap-workspace') {
    // One-shot: create the default workspace and print its keys, the only time they are visible.
    await app.init();
    const created = await app.get(CreateWorkspaceUseCase).execute({ id: config.DEFAULT_WORKSPACE_ID, name: 'Default workspace' });
    process.stdout.write(JSON.stringify({ workspace_id: config.DEFAULT_WORKSPACE_ID, created: !!created, keys: created?.keys ?? null }) + '\n');
    await app.close();
    return;
  }
  if (process.argv[2] === 'admin') {
    // One-shot: the operator's command line (`npm run admin -- ...`), without listening.
    await app.init();
    const write = (stream: NodeJS.WriteStream) => (text: string) => void stream.write(text);
    process.exitCode = await runAdminCommand(app, process.argv.slice(3), write(process.stdout), write(process.stderr));
    await app.close();
    return;
  }
  await app.listen(config.TRACKING_PORT, config.HOST);
}

runService(main);
