import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createHttpApp } from '@app/platform';
import { DashboardConfig } from './config';
import { DashboardModule } from './dashboard.module';
import { serveWebApp } from './web/web-app';

/** The merchant dashboard: the browser app, sign-in and sessions, and the services' API forwarded under the session. */
export async function createDashboardApp(config: DashboardConfig): Promise<NestFastifyApplication> {
  const app = await createHttpApp(DashboardModule.forRoot(config), {
    serviceName: 'dashboard',
    logLevel: config.LOG_LEVEL,
    // Forwarded as it came: the services validate the bodies themselves.
    rawBody: true,
    openApi: {
      title: 'Selgeo dashboard',
      description:
        "Sign-in, sessions and users of the merchant dashboard, and the partner portal's API (/portal). " +
        "The services' API is forwarded under /api/{test|live}/ for a dashboard session.",
    },
  });
  serveWebApp(app, config.DASHBOARD_WEB_DIR);
  return app;
}
