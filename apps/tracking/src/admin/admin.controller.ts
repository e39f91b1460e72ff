import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { ApiAnswers, ApiOperatorCredential, ApiZodBody, listOf, ListLimitPipe, ZodValidationPipe } from '@app/platform';
import {
  apiKeySchema,
  auditLogEntrySchema,
  createdWorkspaceSchema,
  issuedKeySchema,
  keyRouteDocs,
  presentApiKey,
  presentAuditLogEntry,
  presentIssuedKey,
  presentWorkspace,
  workspaceSchema,
} from '../accounts/accounts.presenter';
import { createKeySchema, rollKeySchema, workspaceNameSchema } from '../accounts/accounts.schemas';
import { AuditLogQuery } from '../accounts/audit-log.query';
import { ManageKeysUseCase } from '../accounts/manage-keys/manage-keys.usecase';
import { CreateWorkspaceUseCase } from '../accounts/create-workspace/create-workspace.usecase';
import { RenameWorkspaceUseCase } from '../accounts/rename-workspace/rename-workspace.usecase';
import { WorkspacesQuery } from '../accounts/workspaces.query';
import { OperatorGuard } from './operator.guard';

const OPERATOR = 'operator:admin_api';
const refused = { status: 401, description: 'Missing or wrong operator credential' };
const off = { status: 404, description: 'No such workspace or key, or the admin API is off (ADMIN_API_TOKEN unset)' };

/** The operator's API: workspaces and any workspace's keys and audit log, behind the operator credential (ADMIN_API_TOKEN). */
@ApiTags('admin')
@ApiOperatorCredential()
@Controller('v1/admin/workspaces')
@UseGuards(OperatorGuard)
export class AdminController {
  constructor(
    private readonly createWorkspace: CreateWorkspaceUseCase,
    private readonly renameWorkspace: RenameWorkspaceUseCase,
    private readonly workspaces: WorkspacesQuery,
    private readonly keys: ManageKeysUseCase,
    private readonly auditLog: AuditLogQuery,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Create a workspace with a test and a live key pair, shown this once' })
  @ApiZodBody(workspaceNameSchema)
  @ApiAnswers({ status: 201, description: 'The workspace and its keys', schema: createdWorkspaceSchema }, 400, refused, off)
  async create(@Body(new ZodValidationPipe(workspaceNameSchema)) body: z.output<typeof workspaceNameSchema>) {
    const created = await this.createWorkspace.execute({ name: body.name, actor: OPERATOR });
    return { id: created.id, object: 'workspace', name: created.name, keys: created.keys };
  }

  @Get()
  @ApiOperation({ summary: 'List workspaces, oldest first' })
  @ApiAnswers({ status: 200, description: 'Every workspace', schema: listOf(workspaceSchema) }, refused, off)
  async list() {
    return { object: 'list', data: (await this.workspaces.list()).map(presentWorkspace) };
  }

  @Patch(':workspaceId')
  @ApiOperation({ summary: 'Rename a workspace' })
  @ApiZodBody(workspaceNameSchema)
  @ApiAnswers({ status: 200, description: 'The workspace', schema: workspaceSchema }, 400, refused, off)
  async rename(@Param('workspaceId') workspaceId: string, @Body(new ZodValidationPipe(workspaceNameSchema)) body: z.output<typeof workspaceNameSchema>) {
    return presentWorkspace(await this.renameWorkspace.execute({ workspaceId, name: body.name, actor: OPERATOR }));
  }

  @Get(':workspaceId/api-keys')
  @ApiOperation({ summary: "A workspace's keys (prefix and last characters only)" })
  @ApiAnswers({ status: 200, description: 'The keys, oldest first', schema: listOf(apiKeySchema) }, refused, off)
  async listKeys(@Param('workspaceId') workspaceId: string) {
    return { object: 'list', data: (await this.keys.list({ workspaceId })).map(presentApiKey) };
  }

  @Post(':workspaceId/api-keys')
  @HttpCode(201)
  @ApiOperation({ summary: 'Create another key, shown this once' })
  @ApiZodBody(createKeySchema)
  @ApiAnswers({ status: 201, description: 'The key', schema: issuedKeySchema }, 400, refused, off)
  async createKey(@Param('workspaceId') workspaceId: string, @Body(new ZodValidationPipe(createKeySchema)) body: z.output<typeof createKeySchema>) {
    const { key, secret } = await this.keys.create({ workspaceId }, OPERATOR, body.kind, body.mode);
    return presentIssuedKey(key, secret);
  }

  @Post(':workspaceId/api-keys/:keyId/roll')
  @HttpCode(200)
  @ApiOperation({ summary: keyRouteDocs.roll })
  @ApiZodBody(rollKeySchema)
  @ApiAnswers(keyRouteDocs.rolled, 400, refused, off, keyRouteDocs.notRollable)
  async rollKey(
    @Param('workspaceId') workspaceId: string,
    @Param('keyId') keyId: string,
    @Body(new ZodValidationPipe(rollKeySchema)) body: z.output<typeof rollKeySchema>,
  ) {
    const { key, secret, rolled } = await this.keys.roll({ workspaceId }, OPERATOR, keyId, body.grace_seconds);
    return { key: presentIssuedKey(key, secret), rolled: presentApiKey(rolled) };
  }

  @Post(':workspaceId/api-keys/:keyId/revoke')
  @HttpCode(200)
  @ApiOperation({ summary: keyRouteDocs.revoke })
  @ApiAnswers(keyRouteDocs.revoked, refused, off, keyRouteDocs.notRevocable)
  async revokeKey(@Param('workspaceId') workspaceId: string, @Param('keyId') keyId: string) {
    return presentApiKey(await this.keys.revoke({ workspaceId }, OPERATOR, keyId));
  }

  @Get(':workspaceId/audit-log')
  @ApiOperation({ summary: "A workspace's audit log, newest first" })
  @ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: 100, default: 50 } })
  @ApiAnswers({ status: 200, description: 'Changes to the workspace and its keys', schema: listOf(auditLogEntrySchema) }, 400, refused, off)
  async auditLogOf(@Param('workspaceId') workspaceId: string, @Query('limit', ListLimitPipe) limit: number) {
    return { object: 'list', data: (await this.auditLog.entries({ workspaceId }, limit)).map(presentAuditLogEntry) };
  }
}
