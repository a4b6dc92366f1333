// What a process that only calls services needs (the gateway): no service bootstrap, so no
// TypeORM, pg or migrations are loaded with it.
export * from './nats-connection';
export * from './rpc-client';
export * from './nats.module';
export * from './input-validation';
export * from './trace-headers';
