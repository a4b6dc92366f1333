export * from './answer-cache';
export * from './provision';
export * from './service-database';
