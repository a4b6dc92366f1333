import './tracing';
import 'reflect-metadata';
import { loadNotificationsConfig } from './notifications.config';
import { bootstrapNotifications } from './notifications.bootstrap';

bootstrapNotifications(loadNotificationsConfig(process.env)).catch((error: unknown) => {
  process.stderr.write(`notifications failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
