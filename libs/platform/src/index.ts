export * from './ttl-cache';
export * from './auth/api-key-directory';
export * from './auth/api-key.guard';
export * from './health/health-check';
export * from './health/health.module';
export * from './http/create-http-app';
export * from './http/messaging-unavailable.filter';
export * from './http/zod-validation.pipe';
