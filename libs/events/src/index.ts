export * from './cloud-event';
export * from './domain-events';
export * from './event-consumers';
export * from './event-stream';
export * from './events.config';
export * from './events.module';
export * from './outbox-relay';
export * from './outbox.entity';
