import type { INestApplication } from '@nestjs/common';
import type { Logger } from 'pino';
import { flushLogs } from './logger';
import { stopTracing } from './tracing';

/** Whether the process is draining; readiness reads it, so it turns 503 the moment SIGTERM arrives. */
export class DrainState {
  private since: number | null = null;

  get draining(): boolean {
    return this.since !== null;
  }

  begin(): void {
    this.since ??= Date.now();
  }
}

/** The process's drain state, provided by each app's root module. */
export const DRAIN_STATE = Symbol('DRAIN_STATE');

export interface GracefulShutdownOptions {
  drain: DrainState;
  logger: Logger;
  /** Readiness is 503 for this long before the app stops taking work (SIGINT skips it). */
  delayMs: number;
  /** In-flight work gets this long to finish after the delay; past it the process exits 1. */
  graceMs: number;
  /** Stops taking work and waits for what is in flight, before Nest's shutdown hooks run. */
  beforeClose?: () => Promise<void>;
  /** For tests: what ends the process (default process.exit). */
  exit?: (code: number) => void;
}

/**
 * SIGTERM (and SIGINT): readiness 503 at once while liveness stays 200; after the delay, stop
 * taking work, let in-flight requests and messages finish, run the app's shutdown hooks (relay,
 * consumers, NATS, Postgres, Redis) and exit 0. Replaces Nest's enableShutdownHooks, which ends
 * the process by re-raising the signal (exit status 143) without a delay.
 */
export function installGracefulShutdown(app: INestApplication, options: GracefulShutdownOptions): () => Promise<number> {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let shutdown: Promise<number> | null = null;

  const run = async (signal: string): Promise<number> => {
    options.drain.begin();
    const delayMs = signal === 'SIGINT' ? 0 : options.delayMs;
    options.logger.info({ signal, delay_ms: delayMs, grace_ms: options.graceMs }, 'draining: readiness is 503');
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    const started = Date.now();
    let timer: NodeJS.Timeout | undefined;
    const overdue = new Promise<'overdue'>((resolve) => {
      timer = setTimeout(() => resolve('overdue'), options.graceMs);
    });
    const closed = (async () => {
      await options.beforeClose?.();
      await app.close();
      await stopTracing(); // the spans still buffered
      return 'closed' as const;
    })();
    try {
      const outcome = await Promise.race([closed, overdue]);
      if (outcome === 'overdue') {
        options.logger.error({ grace_ms: options.graceMs }, 'shutdown did not finish within the grace period');
        return 1;
      }
      options.logger.info({ drained_ms: Date.now() - started }, 'stopped');
      return 0;
    } catch (error) {
      options.logger.error({ err: error instanceof Error ? error.message : String(error) }, 'shutdown failed');
      return 1;
    } finally {
      clearTimeout(timer);
    }
  };

  const begin = (signal: string): Promise<number> => {
    shutdown ??= run(signal).then((code) => {
      flushLogs();
      exit(code);
      return code;
    });
    return shutdown;
  };
  process.once('SIGTERM', () => void begin('SIGTERM'));
  process.once('SIGINT', () => void begin('SIGINT'));
  return () => begin('SIGTERM');
}
