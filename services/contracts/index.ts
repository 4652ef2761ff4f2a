export * from './domain';
export * from './errors';
export * from './commands';
export * from './events';
export * from './email';
