import './tracing';
import 'reflect-metadata';
import { loadStorageConfig } from './storage.config';
import { bootstrapStorage } from './storage.bootstrap';

bootstrapStorage(loadStorageConfig(process.env)).catch((error: unknown) => {
  process.stderr.write(`storage failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
