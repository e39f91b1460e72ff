import { DynamicModule, Module } from '@nestjs/common';
import { ApiKeyDirectory, serviceInfrastructure } from '@app/platform';
import { DASHBOARD_CONFIG, DashboardConfig, SESSION_KEY_SECRET } from './config';
import { ForwardController } from './forwarding/forward.controller';
import { ServiceForwarder } from './forwarding/service-forwarder';
import { dashboardMigrations } from './migrations';
import { AuthController } from './sessions/auth.controller';
import { SessionGuard } from './sessions/session.guard';
import { SessionKeys } from './sessions/session-keys';
import { sessionKeySecret } from './sessions/session-secrets';
import { SessionsRepository } from './sessions/sessions.repository';
import { EndSessionsUseCase } from './usecases/end-sessions/end-sessions.usecase';
import { ManageUsersUseCase } from './usecases/manage-users/manage-users.usecase';
import { SignInThrottle } from './usecases/sign-in/sign-in-throttle';
import { SignInUseCase } from './usecases/sign-in/sign-in.usecase';
import { UsersController } from './users/users.controller';
import { UsersRepository } from './users/users.repository';

export const DASHBOARD_SCHEMA = 'dashboard';

@Module({})
export class DashboardModule {
  static forRoot(config: DashboardConfig): DynamicModule {
    return {
      module: DashboardModule,
      imports: serviceInfrastructure('dashboard', config, { schema: DASHBOARD_SCHEMA, entities: [], migrations: dashboardMigrations }),
      controllers: [AuthController, UsersController, ForwardController],
      providers: [
        { provide: DASHBOARD_CONFIG, useValue: config },
        { provide: SESSION_KEY_SECRET, useValue: sessionKeySecret(config.WEBHOOK_SECRETS_KEY) },
        ApiKeyDirectory,
        UsersRepository,
        SessionsRepository,
        SessionKeys,
        SessionGuard,
        SignInThrottle,
        SignInUseCase,
        EndSessionsUseCase,
        ManageUsersUseCase,
        ServiceForwarder,
      ],
    };
  }
}
