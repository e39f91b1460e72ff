import { DynamicModule, Module } from '@nestjs/common';
import { ApiKeyDirectory, serviceInfrastructure } from '@app/platform';
import { DASHBOARD_CONFIG, DashboardConfig, PORTAL_KEY_SECRET, SESSION_KEY_SECRET } from './config';
import { ForwardController } from './forwarding/forward.controller';
import { ServiceForwarder } from './forwarding/service-forwarder';
import { dashboardMigrations } from './migrations';
import { invitationMailerProvider } from './portal/invitation-mailer';
import { PartnerAccessController } from './portal/partner-access.controller';
import { PartnerAccountsRepository } from './portal/partner-accounts.repository';
import { PartnerApi } from './portal/partner-api';
import { PortalAuthController } from './portal/portal-auth.controller';
import { PortalSessionGuard } from './portal/portal-session.guard';
import { PortalController } from './portal/portal.controller';
import { AcceptInvitationUseCase } from './portal/usecases/accept-invitation/accept-invitation.usecase';
import { InvitePartnerUseCase } from './portal/usecases/invite-partner/invite-partner.usecase';
import { PartnerAccessUseCase } from './portal/usecases/partner-access/partner-access.usecase';
import { PartnerLinksUseCase } from './portal/usecases/partner-links/partner-links.usecase';
import { PartnerMoneyUseCase } from './portal/usecases/partner-money/partner-money.usecase';
import { PartnerResultsUseCase } from './portal/usecases/partner-results/partner-results.usecase';
import { PortalSignInUseCase } from './portal/usecases/portal-sign-in/portal-sign-in.usecase';
import { AuthController } from './sessions/auth.controller';
import { SessionGuard } from './sessions/session.guard';
import { SessionKeys } from './sessions/session-keys';
import { PORTAL_SESSIONS, sessionKeySecret } from './sessions/session-secrets';
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
      controllers: [AuthController, UsersController, ForwardController, PartnerAccessController, PortalAuthController, PortalController],
      providers: [
        { provide: DASHBOARD_CONFIG, useValue: config },
        { provide: SESSION_KEY_SECRET, useValue: sessionKeySecret(config.WEBHOOK_SECRETS_KEY) },
        { provide: PORTAL_KEY_SECRET, useValue: sessionKeySecret(config.WEBHOOK_SECRETS_KEY, PORTAL_SESSIONS) },
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
        // The partner portal
        PartnerAccountsRepository,
        PartnerApi,
        PortalSessionGuard,
        invitationMailerProvider,
        InvitePartnerUseCase,
        PartnerAccessUseCase,
        AcceptInvitationUseCase,
        PortalSignInUseCase,
        PartnerLinksUseCase,
        PartnerResultsUseCase,
        PartnerMoneyUseCase,
      ],
    };
  }
}
