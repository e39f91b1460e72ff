import { applyDecorators, Controller, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiSecretKey } from '../openapi/openapi';
import { ApiKeyGuard, RequiresKey } from './api-key.guard';
import { PartnerScopeInterceptor } from './partner-scope';

/**
 * A controller every route of which takes a secret key (401 without a valid key, 403 with a
 * publishable one), documented so in the OpenAPI description under its tag: `@Controller(path)`,
 * guarded by `ApiKeyGuard` with `@RequiresKey('secret')`, `@ApiSecretKey()` and `@ApiTags(tag)`; a
 * partner's key is kept to that partner's records (PartnerScopeInterceptor).
 */
export const SecretKeyController = (path: string, tag: string) =>
  applyDecorators(ApiTags(tag), ApiSecretKey(), Controller(path), UseGuards(ApiKeyGuard), RequiresKey('secret'), UseInterceptors(PartnerScopeInterceptor));
