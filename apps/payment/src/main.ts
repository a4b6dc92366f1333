import './tracing';
import 'reflect-metadata';
import { loadPaymentConfig } from './payment.config';
import { bootstrapPayment } from './payment.bootstrap';

bootstrapPayment(loadPaymentConfig(process.env)).catch((error: unknown) => {
  process.stderr.write(`payment failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
