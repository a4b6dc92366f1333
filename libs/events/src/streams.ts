// The event streams without the outbox: what a process that only reads events needs (the
// gateway). Importing the whole lib would load TypeORM and pg (about 10 MB of resident memory).
export * from './cloud-event';
export * from './event-stream';
export * from './events.config';
