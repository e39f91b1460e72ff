import { Body, Controller, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiAnswers, ApiZodBody, ZodValidationPipe } from '@app/platform';
import { DASHBOARD_CONFIG, DashboardConfig } from '../config';
import { workspaceNameOr } from '../forwarding/service-forwarder';
import { ChangePasswordBody, SignInBody } from '../sessions/auth.schemas';
import { PasswordChange, SessionRoutes, SignInForm } from '../sessions/session-routes';
import { clearSessionCookie, setSessionCookie } from '../sessions/session-cookie';
import { PORTAL_SESSIONS } from '../sessions/session-secrets';
import { requireSameOrigin } from '../sessions/session.guard';
import { EndSessionsUseCase } from '../usecases/end-sessions/end-sessions.usecase';
import { PartnerApi } from './partner-api';
import { PortalSession, PortalSessionGuard, SignedInPartnerSession } from './portal-session.guard';
import { AcceptInvitationBody, acceptInvitationSchema, inspectInvitationSchema } from './portal.schemas';
import { AcceptInvitationUseCase } from './usecases/accept-invitation/accept-invitation.usecase';
import { PortalSignInUseCase } from './usecases/portal-sign-in/portal-sign-in.usecase';

/** A partner's way into the portal: an invitation accepted, sign-in and out, their password, their session. */
@ApiTags('partner portal session')
@Controller('portal')
export class PortalAuthController {
  constructor(
    private readonly invitations: AcceptInvitationUseCase,
    private readonly signIn: PortalSignInUseCase,
    private readonly endSessions: EndSessionsUseCase,
    private readonly api: PartnerApi,
    @Inject(DASHBOARD_CONFIG) private readonly config: DashboardConfig,
  ) {}

  @Post('invitations/inspect')
  @HttpCode(200)
  @ApiOperation({ summary: 'What an invitation is for (the partner, the merchant, the email it was sent to), before it is accepted' })
  @ApiZodBody(inspectInvitationSchema)
  @ApiAnswers({ status: 200, description: 'The invitation' }, 400, 403, { status: 410, description: 'Expired, used or replaced by a newer one' })
  async inspect(@Body(new ZodValidationPipe(inspectInvitationSchema)) body: { token: string }) {
    return this.invitations.inspect(body.token);
  }

  @Post('invitations/accept')
  @HttpCode(201)
  @ApiOperation({ summary: 'Accept an invitation with the email and password to sign in with: sets the portal session cookie' })
  @ApiZodBody(acceptInvitationSchema)
  @ApiAnswers({ status: 201, description: 'The session' }, 400, 403, 409, { status: 410, description: 'Expired, used or replaced by a newer one' })
  async accept(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Body(new ZodValidationPipe(acceptInvitationSchema)) body: AcceptInvitationBody,
  ) {
    requireSameOrigin(request);
    const opened = await this.invitations.accept(body);
    return this.signedIn(request, reply, { ...opened.session, secrets: opened.secrets });
  }

  @SessionRoutes.signIn('Sign in to the portal with email and password: sets the portal session cookie')
  async signInWithPassword(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply, @SignInForm() body: SignInBody) {
    requireSameOrigin(request);
    const opened = await this.signIn.signIn({ email: body.email, password: body.password, client: request.ip });
    return this.signedIn(request, reply, { ...opened.session, secrets: opened.secrets });
  }

  @SessionRoutes.session(PortalSessionGuard, 'The signed-in partner, the merchant, the mode, and the CSRF token to send with changes')
  async current(@PortalSession() session: SignedInPartnerSession) {
    return this.present(session);
  }

  @SessionRoutes.signOut(PortalSessionGuard, 'End this portal session: its cookie and its key stop working at once')
  async signOut(@PortalSession() session: SignedInPartnerSession, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    await this.endSessions.signOut(session.secrets.tokenHash);
    clearSessionCookie(request, reply, PORTAL_SESSIONS);
  }

  @SessionRoutes.changePassword(PortalSessionGuard, "Change one's portal password; the partner's other sessions end")
  async changePassword(@PortalSession() session: SignedInPartnerSession, @Req() request: FastifyRequest, @PasswordChange() body: ChangePasswordBody) {
    await this.signIn.changePassword(session.partner, { tokenHash: session.secrets.tokenHash, client: request.ip }, body.current_password, body.new_password);
  }

  private async signedIn(request: FastifyRequest, reply: FastifyReply, session: SignedInPartnerSession) {
    setSessionCookie(request, reply, session.secrets.token, this.config.PORTAL_SESSION_HOURS * 3600, PORTAL_SESSIONS);
    return this.present(session);
  }

  private async present(session: SignedInPartnerSession) {
    const { partner } = session;
    const [tracked, workspaceName] = await Promise.all([this.api.partner(session), workspaceNameOr(null, () => this.api.settings(session))]);
    return {
      object: 'portal_session',
      partner: { id: partner.partnerId, name: tracked.name },
      workspace: { id: partner.workspaceId, name: workspaceName },
      mode: partner.mode,
      email: partner.email,
      csrf_token: session.secrets.csrfToken,
      expires_at: session.expiresAt.toISOString(),
    };
  }
}
