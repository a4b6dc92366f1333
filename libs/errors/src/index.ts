export * from './error-codes';
export * from './domain-errors';
export * from './rpc-error.filter';
export * from './unavailable-dependency';
