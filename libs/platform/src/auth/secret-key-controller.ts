import { applyDecorators, Controller, UseGuards } from '@nestjs/common';
import { ApiSecretKey } from '../openapi/openapi';
import { ApiKeyGuard, RequiresKey } from './api-key.guard';

/**
 * A controller every route of which takes a secret key (401 without a valid key, 403 with a
 * publishable one), documented so in the OpenAPI description: `@Controller(path)`, guarded by
 * `ApiKeyGuard` with `@RequiresKey('secret')`, and `@ApiSecretKey()`.
 */
export const SecretKeyController = (path: string) => applyDecorators(ApiSecretKey(), Controller(path), UseGuards(ApiKeyGuard), RequiresKey('secret'));
