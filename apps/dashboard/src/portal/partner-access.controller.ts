import {
  applyDecorators,
  BadRequestException,
  Body,
  Controller,
  createParamDecorator,
  ExecutionContext,
  Get,
  HttpCode,
  NotFoundException,
  Post,
  Req,
  UseGuards,
} from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { isMode, isUuid, MODES } from '@app/domain';
import { ApiAnswers, ApiZodBody, apiObjectSchema, modeSchema, ZodValidationPipe } from '@app/platform';
import { Session, SessionGuard, SignedInSession } from '../sessions/session.guard';
import { InvitePartnerBody, invitePartnerSchema } from './portal.schemas';
import { InvitePartnerUseCase } from './usecases/invite-partner/invite-partner.usecase';
import { PartnerAccessCommand, PartnerAccessUseCase } from './usecases/partner-access/partner-access.usecase';

/** The partner a merchant's path names (`partner-access/:mode/:partnerId`), in the workspace of the merchant's session. */
const PartnerInPath = createParamDecorator((_: unknown, ctx: ExecutionContext): PartnerAccessCommand => {
  const request = ctx.switchToHttp().getRequest<FastifyRequest & { signedIn?: SignedInSession }>();
  const { mode, partnerId } = request.params as { mode: string; partnerId: string };
  if (!isMode(mode)) throw new BadRequestException('The mode in the path must be test or live');
  if (!isUuid(partnerId)) throw new NotFoundException('No such partner: a partner id is a UUID');
  return { workspaceId: request.signedIn!.user.workspaceId, mode, partnerId: partnerId.toLowerCase() };
});

const invitationSchema = apiObjectSchema('partner_invitation', {
  partner_id: { type: 'string', format: 'uuid' },
  mode: modeSchema,
  url: { type: 'string', format: 'uri', description: 'The single-use link, its token in the fragment: shown this once' },
  expires_at: { type: 'string', format: 'date-time' },
  email: {
    type: 'object',
    description: 'Whether the link was also emailed to the partner (with SMTP_URL set); a failed send leaves the invitation as it is',
    properties: {
      sent: { type: 'boolean' },
      to: { type: 'string', nullable: true, description: "The partner's address it was sent (or tried) to; null when email is off or the partner has none" },
      error: {
        type: 'string',
        description: 'Why it was not sent, when it should have been (the mail server refused it, could not be reached, the partner has no address)',
      },
    },
    required: ['sent', 'to'],
  },
});

/** A route of a partner's access: `GET` reads it, `POST .../suspend` and `.../resume` change it. */
const AccessRoute = (change: 'suspend' | 'resume' | null, summary: string) =>
  applyDecorators(
    change ? Post(`partner-access/:mode/:partnerId/${change}`) : Get('partner-access/:mode/:partnerId'),
    HttpCode(200),
    ApiOperation({ summary }),
    ApiParam({ name: 'mode', schema: { type: 'string', enum: [...MODES] } }),
    ApiParam({ name: 'partnerId', schema: { type: 'string', format: 'uuid' } }),
    change ? ApiAnswers({ status: 200, description: 'The access' }, 400, 401, 403, 404) : ApiAnswers({ status: 200, description: 'The access' }, 400, 401, 404),
  );

/** The merchant's side of the partner portal, in the dashboard: invitations, and a partner's access (members and owners). */
@ApiTags('partner portal access')
@Controller('auth')
@UseGuards(SessionGuard)
export class PartnerAccessController {
  constructor(
    private readonly invite: InvitePartnerUseCase,
    private readonly access: PartnerAccessUseCase,
  ) {}

  @Post('partner-invitations')
  @HttpCode(201)
  @ApiOperation({
    summary:
      'Invite a partner to the portal: a single-use link, valid PORTAL_INVITATION_HOURS; it voids their unused invitations. Emailed to the partner when SMTP_URL is set',
  })
  @ApiZodBody(invitePartnerSchema)
  @ApiAnswers(
    { status: 201, description: 'The invitation, with its link (shown this once), and whether it was emailed', schema: invitationSchema },
    400,
    401,
    403,
    404,
    409,
  )
  async create(@Session() session: SignedInSession, @Req() request: FastifyRequest, @Body(new ZodValidationPipe(invitePartnerSchema)) body: InvitePartnerBody) {
    return this.invite.execute({ session, partnerId: body.partner_id.toLowerCase(), mode: body.mode, origin: `${request.protocol}://${request.host}` });
  }

  @AccessRoute(null, "A partner's access to the portal: none, invited, active or suspended")
  async status(@PartnerInPath() partner: PartnerAccessCommand) {
    return this.access.status(partner);
  }

  @AccessRoute('suspend', "Suspend a partner's access: their portal sessions end at once, and they cannot sign in")
  async suspend(@PartnerInPath() partner: PartnerAccessCommand) {
    return this.access.suspend(partner);
  }

  @AccessRoute('resume', "Resume a suspended partner's access: they may sign in again")
  async resume(@PartnerInPath() partner: PartnerAccessCommand) {
    return this.access.resume(partner);
  }
}
