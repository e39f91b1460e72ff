import { Body, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery } from '@nestjs/swagger';
import { z } from 'zod';
import type { ApiKeyIdentity } from '@app/domain';
import { Account, SecretKeyController, ApiAnswers, ApiZodBody, listOf, ListLimitPipe, ZodValidationPipe } from '@app/platform';
import { apiKeySchema, auditLogEntrySchema, issuedKeySchema, keyRouteDocs, presentApiKey, presentAuditLogEntry, presentIssuedKey } from './accounts.presenter';
import { createOwnKeySchema, rollKeySchema } from './accounts.schemas';
import { actorOf } from './actor';
import { AuditLogQuery } from './audit-log.query';
import { ManageKeysUseCase } from './manage-keys/manage-keys.usecase';

const scopeOf = (account: ApiKeyIdentity) => ({ workspaceId: account.workspaceId, mode: account.mode });

/** A workspace's own keys and audit log, in the mode of the secret key that calls. */
@SecretKeyController('v1', 'api keys')
export class ApiKeysController {
  constructor(
    private readonly keys: ManageKeysUseCase,
    private readonly auditLog: AuditLogQuery,
  ) {}

  @Get('api-keys')
  @ApiOperation({ summary: "The workspace's keys in the mode of the key (prefix and last characters only)" })
  @ApiAnswers({ status: 200, description: 'The keys, oldest first', schema: listOf(apiKeySchema) }, 401, 403)
  async list(@Account() account: ApiKeyIdentity) {
    return { object: 'list', data: (await this.keys.list(scopeOf(account))).map(presentApiKey) };
  }

  @Post('api-keys')
  @HttpCode(201)
  @ApiOperation({ summary: 'Create another key in the mode of the key, shown this once' })
  @ApiZodBody(createOwnKeySchema)
  @ApiAnswers({ status: 201, description: 'The key', schema: issuedKeySchema }, 400, 401, 403)
  async create(@Account() account: ApiKeyIdentity, @Body(new ZodValidationPipe(createOwnKeySchema)) body: z.output<typeof createOwnKeySchema>) {
    const { key, secret } = await this.keys.create(scopeOf(account), actorOf(account), body.kind, body.mode ?? account.mode);
    return presentIssuedKey(key, secret);
  }

  @Post('api-keys/:id/roll')
  @HttpCode(200)
  @ApiOperation({ summary: keyRouteDocs.roll })
  @ApiZodBody(rollKeySchema)
  @ApiAnswers(keyRouteDocs.rolled, 400, 401, 403, 404, keyRouteDocs.notRollable)
  async roll(@Account() account: ApiKeyIdentity, @Param('id') id: string, @Body(new ZodValidationPipe(rollKeySchema)) body: z.output<typeof rollKeySchema>) {
    const { key, secret, rolled } = await this.keys.roll(scopeOf(account), actorOf(account), id, body.grace_seconds);
    return { key: presentIssuedKey(key, secret), rolled: presentApiKey(rolled) };
  }

  @Post('api-keys/:id/revoke')
  @HttpCode(200)
  @ApiOperation({ summary: keyRouteDocs.revoke })
  @ApiAnswers(keyRouteDocs.revoked, 401, 403, 404, keyRouteDocs.notRevocable)
  async revoke(@Account() account: ApiKeyIdentity, @Param('id') id: string) {
    return presentApiKey(await this.keys.revoke(scopeOf(account), actorOf(account), id));
  }

  @Get('audit-log')
  @ApiOperation({ summary: 'Changes to the workspace and its keys in the mode of the key (who, when, what), newest first' })
  @ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: 100, default: 50 } })
  @ApiAnswers({ status: 200, description: 'The audit log', schema: listOf(auditLogEntrySchema) }, 400, 401, 403)
  async auditLogOf(@Account() account: ApiKeyIdentity, @Query('limit', ListLimitPipe) limit: number) {
    return { object: 'list', data: (await this.auditLog.entries(scopeOf(account), limit)).map(presentAuditLogEntry) };
  }
}
