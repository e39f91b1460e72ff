import { applyDecorators } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ApiBearerAuth, ApiBody, ApiResponse, DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger';
import { z } from 'zod';
import { zodToJsonSchema } from 'zod-to-json-schema';

export const OPENAPI_PATH = '/openapi.json';
const SECRET_KEY = 'secret_key';
const PUBLISHABLE_KEY = 'publishable_key';
const OPERATOR = 'operator';

export interface OpenApiInfo {
  title: string;
  description: string;
  /** Documents the operator credential (the tracking service's admin API). */
  operatorAuth?: boolean;
}

/**
 * Builds the service's OpenAPI document from its controllers and serves it at /openapi.json.
 * The same document is checked in under docs/openapi/ (test/openapi.e2e-spec.ts keeps them equal).
 */
export function serveOpenApi(app: NestFastifyApplication, info: OpenApiInfo): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setTitle(info.title)
    .setDescription(info.description)
    .setVersion('v1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'A secret key: sk_test_... or sk_live_...' }, SECRET_KEY)
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'A publishable key: pk_test_... or pk_live_... (clicks only)' }, PUBLISHABLE_KEY);
  if (info.operatorAuth) builder.addBearerAuth({ type: 'http', scheme: 'bearer', description: 'The operator credential (ADMIN_API_TOKEN)' }, OPERATOR);
  const config = builder.build();
  const document = SwaggerModule.createDocument(app, config, {
    operationIdFactory: (controller, method) => `${controller.replace(/Controller$/, '')}_${method}`,
  });
  document.paths[OPENAPI_PATH] = {
    get: {
      operationId: 'openapi',
      summary: "This service's OpenAPI document",
      tags: ['meta'],
      responses: { '200': { description: 'The OpenAPI 3 document', content: { 'application/json': { schema: { type: 'object' } } } } },
    },
  };
  app.getHttpAdapter().get(OPENAPI_PATH, (_req: unknown, reply: { send: (body: unknown) => void }) => reply.send(document));
  return document;
}

/** A JSON Schema (OpenAPI 3 flavour) of what a zod schema accepts. */
export function jsonSchemaOf(schema: z.ZodTypeAny): SchemaObject {
  // Typed loosely on purpose: zod-to-json-schema's generics recurse past the compiler's limit.
  const convert = zodToJsonSchema as (schema: unknown, options: object) => Record<string, unknown>;
  const { $schema: _ignored, ...json } = convert(schema, { target: 'openApi3', $refStrategy: 'none' });
  return json;
}

export const errorSchema: SchemaObject = {
  type: 'object',
  required: ['statusCode', 'message'],
  properties: {
    statusCode: { type: 'integer' },
    error: { type: 'string' },
    message: { type: 'string', description: 'What went wrong, in words a merchant can act on' },
    code: { type: 'string', description: 'A stable code where a client may branch on the cause' },
    errors: {
      type: 'array',
      description: 'Every invalid field (400)',
      items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } } },
    },
  },
};

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid request: every invalid field is named',
  401: 'Missing, malformed, unknown or revoked API key',
  403: 'A key of the wrong kind (publishable where a secret key is needed, or the reverse)',
  404: 'Nothing by that id in the workspace and mode of the key',
  409: 'Conflicts with what is stored',
  415: 'Unsupported content type',
  422: 'Valid, but cannot be carried out',
  429: 'Rate limited; retry after the minute',
  500: 'An error on our side, logged as a bug; retrying the same call will not help',
  503: 'A dependency is unavailable; nothing was lost, retry (see Retry-After)',
};

/** The request body a zod schema validates. */
export function ApiZodBody(schema: z.ZodTypeAny, description?: string): MethodDecorator {
  // The validation pipe reads a missing body as {}: where {} is valid, the body may be left out.
  return ApiBody({ schema: jsonSchemaOf(schema), description, required: !schema.safeParse({}).success });
}

/** The success answer, and the standard error answers for the given statuses. */
export function ApiAnswers(
  success: { status: number; description: string; schema?: SchemaObject },
  ...errors: Array<number | { status: number; description: string }>
): MethodDecorator {
  return applyDecorators(
    ApiResponse({ status: success.status, description: success.description, schema: success.schema }),
    ...errors.map((e) =>
      typeof e === 'number'
        ? ApiResponse({ status: e, description: ERROR_DESCRIPTIONS[e] ?? 'Error', schema: errorSchema })
        : ApiResponse({ status: e.status, description: e.description, schema: errorSchema }),
    ),
  );
}

/** Routes that need a secret key (answers 401/403 otherwise). */
export const ApiSecretKey = () => ApiBearerAuth(SECRET_KEY);
export const ApiPublishableKey = () => ApiBearerAuth(PUBLISHABLE_KEY);
/** Routes of the admin API: the operator credential, not a workspace's key. */
export const ApiOperatorCredential = () => ApiBearerAuth(OPERATOR);

export const listOf = (item: SchemaObject): SchemaObject => ({
  type: 'object',
  properties: { object: { type: 'string', enum: ['list'] }, data: { type: 'array', items: item }, has_more: { type: 'boolean' } },
});
