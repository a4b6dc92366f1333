import './tracing';
import 'reflect-metadata';
import { loadSitesConfig } from './sites.config';
import { bootstrapSites } from './sites.bootstrap';

bootstrapSites(loadSitesConfig(process.env)).catch((error: unknown) => {
  process.stderr.write(`sites failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
