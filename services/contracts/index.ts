export * from './domain';
export * from './errors';
export * from './commands';
export * from './events';
export * from './metrics';
export * from './supervision';
export * from './desktop';
export * from './telephony';
