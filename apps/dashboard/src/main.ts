import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { runService } from '@app/platform';
import { loadDashboardConfig } from './config';
import { createDashboardApp } from './dashboard.app';
import { DashboardModule } from './dashboard.module';
import { ManageUsersUseCase } from './usecases/manage-users/manage-users.usecase';

/**
 * `main.js create-owner WORKSPACE_ID [EMAIL]`: the workspace's first owner (npm start, the admin CLI),
 * printed as JSON with the password, this once; `{"created":false}` when it has an owner already.
 */
async function createOwner(workspaceId: string, email: string): Promise<void> {
  const app = await NestFactory.createApplicationContext(DashboardModule.forRoot(loadDashboardConfig()), { logger: ['error'] });
  try {
    const created = await app.get(ManageUsersUseCase).createOwner(workspaceId, email);
    process.stdout.write(
      `${JSON.stringify(created ? { created: true, workspace_id: workspaceId, email: created.user.email, password: created.password } : { created: false })}\n`,
    );
  } finally {
    await app.close();
  }
}

runService(async () => {
  if (process.argv[2] === 'create-owner') {
    const workspaceId = process.argv[3];
    if (!workspaceId) throw new Error('usage: create-owner WORKSPACE_ID [EMAIL]');
    return createOwner(workspaceId, process.argv[4] ?? `owner@${workspaceId.replace(/_/g, '-')}.selgeo.localhost`);
  }
  const config = loadDashboardConfig();
  const app = await createDashboardApp(config);
  await app.listen(config.DASHBOARD_PORT, config.HOST);
});
