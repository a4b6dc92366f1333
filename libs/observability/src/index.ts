export * from './logger';
export * from './metrics';
export * from './liveness.controller';
export * from './health-check-logger';
export * from './graceful-shutdown';
export * from './metrics-server';
export * from './log-context';
export * from './tracing';
