export * from './mode';
export * from './ids';
export * from './api-keys';
export * from './subjects';
export * from './events';
export * from './attribution';
