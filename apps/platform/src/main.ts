import './tracing';
import 'reflect-metadata';
import { loadPlatformConfig } from './platform.config';
import { bootstrapPlatform } from './platform.bootstrap';

bootstrapPlatform(loadPlatformConfig(process.env)).catch((error: unknown) => {
  process.stderr.write(`platform failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
