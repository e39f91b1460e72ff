import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiAnswers, ApiZodBody, ZodValidationPipe } from '@app/platform';
import { AddUserBody, addUserSchema } from '../sessions/auth.schemas';
import { Session, SessionGuard, SignedInSession } from '../sessions/session.guard';
import { ManageUsersUseCase } from '../usecases/manage-users/manage-users.usecase';
import { presentUser } from './dashboard-user';
import { UsersRepository } from './users.repository';

/** The workspace's dashboard users: everyone may list them; owners add and remove them. */
@ApiTags('users')
@Controller('auth/users')
@UseGuards(SessionGuard)
export class UsersController {
  constructor(
    private readonly users: UsersRepository,
    private readonly manage: ManageUsersUseCase,
  ) {}

  @Get()
  @ApiOperation({ summary: "The workspace's dashboard users" })
  @ApiAnswers({ status: 200, description: 'The users' }, 401)
  async list(@Session() session: SignedInSession) {
    return { object: 'list', data: (await this.users.list(session.user.workspaceId)).map(presentUser), has_more: false };
  }

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Add a user (owners): answers their first password, shown this once' })
  @ApiZodBody(addUserSchema)
  @ApiAnswers({ status: 201, description: 'The user and their password' }, 400, 401, 403, 409)
  async add(@Session() session: SignedInSession, @Body(new ZodValidationPipe(addUserSchema)) body: AddUserBody) {
    const { user, password } = await this.manage.add(session.user, body.email, body.role);
    return { user: presentUser(user), password };
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a user (owners): their sessions end at once' })
  @ApiAnswers({ status: 204, description: 'Removed' }, 400, 401, 403, 404)
  async remove(@Session() session: SignedInSession, @Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 404 })) id: string) {
    await this.manage.remove(session.user, id);
  }
}
