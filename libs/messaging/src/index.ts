export * from './nats-connection';
export * from './rpc-client';
export * from './service-bootstrap';
export * from './service-health';
export * from './nats.module';
export * from './contract-validation';
export * from './handles';
export * from './input-validation';
