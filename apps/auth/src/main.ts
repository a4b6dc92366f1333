import './tracing';
import 'reflect-metadata';
import { loadAuthConfig } from './auth.config';
import { bootstrapAuth } from './auth.bootstrap';

bootstrapAuth(loadAuthConfig(process.env)).catch((error: unknown) => {
  process.stderr.write(`auth failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
