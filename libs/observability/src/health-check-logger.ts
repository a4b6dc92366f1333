import { Logger, LoggerService } from '@nestjs/common';

/**
 * Terminus logs every failed check as an error; a dependency that is not ready yet (at start, or
 * while it restarts) is an expected state the probe reports, so it is a warning here.
 */
export class HealthCheckLogger implements LoggerService {
  private readonly logger = new Logger('HealthCheck');

  log(message: unknown): void {
    this.logger.log(message);
  }

  error(message: unknown): void {
    this.logger.warn(message);
  }

  warn(message: unknown): void {
    this.logger.warn(message);
  }
}
