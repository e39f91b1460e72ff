import { Controller, HttpCode, Inject, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiAnswers } from '@app/platform';
import { DASHBOARD_CONFIG, DashboardConfig } from '../config';
import { ServiceForwarder, workspaceNameOr } from '../forwarding/service-forwarder';
import { EndSessionsUseCase } from '../usecases/end-sessions/end-sessions.usecase';
import { ManageUsersUseCase } from '../usecases/manage-users/manage-users.usecase';
import { SignInUseCase } from '../usecases/sign-in/sign-in.usecase';
import { presentUser } from '../users/dashboard-user';
import { ChangePasswordBody, SignInBody } from './auth.schemas';
import { PasswordChange, SessionRoutes, SignInForm } from './session-routes';
import { clearSessionCookie, setSessionCookie } from './session-cookie';
import { requireSameOrigin, Session, SessionGuard, SignedInSession } from './session.guard';

/** Signing in and out of the dashboard, and what the page needs to know about its session. */
@ApiTags('session')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly signIn: SignInUseCase,
    private readonly endSessions: EndSessionsUseCase,
    private readonly users: ManageUsersUseCase,
    @Inject(DASHBOARD_CONFIG) private readonly config: DashboardConfig,
    private readonly forwarder: ServiceForwarder,
  ) {}

  @SessionRoutes.signIn('Sign in with email and password: sets the session cookie')
  async signInWithPassword(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply, @SignInForm() body: SignInBody) {
    requireSameOrigin(request);
    const { secrets, session } = await this.signIn.execute({ email: body.email, password: body.password, client: request.ip });
    setSessionCookie(request, reply, secrets.token, this.config.DASHBOARD_SESSION_HOURS * 3600);
    return this.present({ ...session, secrets });
  }

  @SessionRoutes.session(SessionGuard, 'The signed-in user, their workspace and the CSRF token to send with changes')
  async current(@Session() session: SignedInSession) {
    return this.present(session);
  }

  @SessionRoutes.signOut(SessionGuard, 'End this session: its cookie and its keys stop working at once, in every service')
  async signOut(@Session() session: SignedInSession, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    await this.endSessions.signOut(session.secrets.tokenHash);
    clearSessionCookie(request, reply);
  }

  @Post('sign-out-everywhere')
  @HttpCode(204)
  @UseGuards(SessionGuard)
  @ApiOperation({ summary: "End every one of the user's sessions, on every device" })
  @ApiAnswers({ status: 204, description: 'Signed out everywhere' }, 401, 403)
  async signOutEverywhere(@Session() session: SignedInSession, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    await this.endSessions.signOutEverywhere(session.user.id);
    clearSessionCookie(request, reply);
  }

  @SessionRoutes.changePassword(SessionGuard, "Change one's password; the user's other sessions end")
  async changePassword(@Session() session: SignedInSession, @Req() request: FastifyRequest, @PasswordChange() body: ChangePasswordBody) {
    await this.users.changePassword(session.user, { tokenHash: session.secrets.tokenHash, client: request.ip }, body.current_password, body.new_password);
  }

  private async present(session: SignedInSession) {
    const { user } = session;
    return {
      object: 'dashboard_session',
      user: presentUser(user),
      workspace: { id: user.workspaceId, name: await this.workspaceName(session) },
      csrf_token: session.secrets.csrfToken,
      expires_at: session.expiresAt.toISOString(),
      links: {
        tracking_public_url: this.config.TRACKING_PUBLIC_URL.replace(/\/$/, ''),
        stripe_webhook_url: `${this.config.WEBHOOK_INGEST_PUBLIC_URL.replace(/\/$/, '')}/webhooks/stripe/${user.workspaceId}`,
      },
    };
  }

  /** Tracking owns the workspace's name; without it (tracking down, say) the page shows the id instead. */
  private async workspaceName(session: SignedInSession): Promise<string | null> {
    return workspaceNameOr(null, () => this.forwarder.call('tracking', session.secrets.keyFor('test'), 'GET', '/v1/settings'));
  }
}
