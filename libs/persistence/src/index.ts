export * from './database.options';
export * from './migrate';
export * from './persistence.module';
export * from './workspace-scoped';
export * from './returned-rows';
export * from './prepared-query';
export * from './row-mapping';
export * from './concurrent-indexes';
