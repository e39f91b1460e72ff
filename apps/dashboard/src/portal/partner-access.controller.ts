import { Body, Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post, Req, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { isMode, Mode } from '@app/domain';
import { ApiAnswers, ApiZodBody, ZodValidationPipe } from '@app/platform';
import { BadRequestException, PipeTransform } from '@nestjs/common';
import { Session, SessionGuard, SignedInSession } from '../sessions/session.guard';
import { InvitePartnerBody, invitePartnerSchema } from './portal.schemas';
import { InvitePartnerUseCase } from './usecases/invite-partner/invite-partner.usecase';
import { PartnerAccessUseCase } from './usecases/partner-access/partner-access.usecase';

class ModePipe implements PipeTransform<string, Mode> {
  transform(value: string): Mode {
    if (!isMode(value)) throw new BadRequestException(`The mode must be test or live, not ${value}`);
    return value;
  }
}

/** The merchant's side of the partner portal, in the dashboard: invitations, and a partner's access (members and owners). */
@ApiTags('partner portal access')
@Controller('auth')
@UseGuards(SessionGuard)
export class PartnerAccessController {
  constructor(
    @Inject(InvitePartnerUseCase) private readonly invite: InvitePartnerUseCase,
    @Inject(PartnerAccessUseCase) private readonly access: PartnerAccessUseCase,
  ) {}

  @Post('partner-invitations')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Invite a partner to the portal: a single-use link, valid PORTAL_INVITATION_HOURS; it voids their unused invitations',
  })
  @ApiZodBody(invitePartnerSchema)
  @ApiAnswers({ status: 201, description: 'The invitation, with its link (shown this once)' }, 400, 401, 403, 404, 409)
  async create(@Session() session: SignedInSession, @Req() request: FastifyRequest, @Body(new ZodValidationPipe(invitePartnerSchema)) body: InvitePartnerBody) {
    return this.invite.execute({ session, partnerId: body.partner_id.toLowerCase(), mode: body.mode, origin: `${request.protocol}://${request.host}` });
  }

  @Get('partner-access/:mode/:partnerId')
  @ApiOperation({ summary: "A partner's access to the portal: none, invited, active or suspended" })
  @ApiAnswers({ status: 200, description: 'The access' }, 400, 401)
  async status(
    @Session() session: SignedInSession,
    @Param('mode', ModePipe) mode: Mode,
    @Param('partnerId', new ParseUUIDPipe({ errorHttpStatusCode: 404 })) partnerId: string,
  ) {
    return this.access.status({ workspaceId: session.user.workspaceId, mode, partnerId: partnerId.toLowerCase() });
  }

  @Post('partner-access/:mode/:partnerId/suspend')
  @HttpCode(200)
  @ApiOperation({ summary: "Suspend a partner's access: their portal sessions end at once, and they cannot sign in" })
  @ApiAnswers({ status: 200, description: 'The access' }, 400, 401, 403, 404)
  async suspend(
    @Session() session: SignedInSession,
    @Param('mode', ModePipe) mode: Mode,
    @Param('partnerId', new ParseUUIDPipe({ errorHttpStatusCode: 404 })) partnerId: string,
  ) {
    return this.access.suspend({ workspaceId: session.user.workspaceId, mode, partnerId: partnerId.toLowerCase() });
  }

  @Post('partner-access/:mode/:partnerId/resume')
  @HttpCode(200)
  @ApiOperation({ summary: "Resume a suspended partner's access: they may sign in again" })
  @ApiAnswers({ status: 200, description: 'The access' }, 400, 401, 403, 404)
  async resume(
    @Session() session: SignedInSession,
    @Param('mode', ModePipe) mode: Mode,
    @Param('partnerId', new ParseUUIDPipe({ errorHttpStatusCode: 404 })) partnerId: string,
  ) {
    return this.access.resume({ workspaceId: session.user.workspaceId, mode, partnerId: partnerId.toLowerCase() });
  }
}
