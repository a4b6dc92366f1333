import './tracing';
import 'reflect-metadata';
import { loadAutomationConfig } from './automation.config';
import { bootstrapAutomation } from './automation.bootstrap';

bootstrapAutomation(loadAutomationConfig(process.env)).catch((error: unknown) => {
  process.stderr.write(`automation failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
