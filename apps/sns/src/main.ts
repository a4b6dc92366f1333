import './tracing';
import 'reflect-metadata';
import { loadSnsConfig } from './sns.config';
import { bootstrapSns } from './sns.bootstrap';

bootstrapSns(loadSnsConfig(process.env)).catch((error: unknown) => {
  process.stderr.write(`sns failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
