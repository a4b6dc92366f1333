import './tracing';
import 'reflect-metadata';
import { loadCoocookConfig } from './coocook.config';
import { bootstrapCoocook } from './coocook.bootstrap';

bootstrapCoocook(loadCoocookConfig(process.env)).catch((error: unknown) => {
  process.stderr.write(`coocook failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
