import './tracing';
import 'reflect-metadata';
import { bootstrapGateway } from './gateway.bootstrap';
import { loadGatewayConfig } from './gateway.config';

bootstrapGateway(loadGatewayConfig(process.env)).catch((error: unknown) => {
  process.stderr.write(`gateway failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
