export * from './provision';
export * from './service-database';
