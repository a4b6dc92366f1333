export * from './factories';
export * from './fleet';
export * from './http-client';
export * from './service-test-database';
export * from './python-script';
