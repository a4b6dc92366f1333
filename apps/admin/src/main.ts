import './tracing';
import 'reflect-metadata';
import { loadAdminConfig } from './admin.config';
import { bootstrapAdmin } from './admin.bootstrap';

bootstrapAdmin(loadAdminConfig(process.env)).catch((error: unknown) => {
  process.stderr.write(`admin failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
