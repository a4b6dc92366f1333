export * from './nats-connection';
export * from './rpc-client';
export * from './service-bootstrap';
export * from './service-health';
export * from './nats.module';
export * from './trace-headers';
