/** Raised at boot when a variable is missing or malformed; the message names the variable. */
export class ConfigError extends Error {
  constructor(variable: string, problem: string) {
    super(`Configuration error: ${variable} ${problem}`);
    this.name = 'ConfigError';
  }
}

export type Env = Record<string, string | undefined>;

/** Typed, validated reads of environment variables; each app builds its config with one. */
export class EnvReader {
  constructor(private readonly env: Env) {}

  string(name: string, fallback?: string): string {
    const value = this.env[name];
    if (value === undefined || value === '') {
      if (fallback === undefined) throw new ConfigError(name, 'is required');
      return fallback;
    }
    return value;
  }

  optionalString(name: string): string | undefined {
    const value = this.env[name];
    return value === undefined || value === '' ? undefined : value;
  }

  int(name: string, fallback: number, { min = 0, max = Number.MAX_SAFE_INTEGER } = {}): number {
    const raw = this.env[name];
    if (raw === undefined || raw === '') return fallback;
    if (!/^-?\d+$/.test(raw.trim())) throw new ConfigError(name, `must be an integer, got "${raw}"`);
    const value = Number(raw);
    if (value < min || value > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${value}`);
    return value;
  }

  bool(name: string, fallback: boolean): boolean {
    const raw = this.env[name];
    if (raw === undefined || raw === '') return fallback;
    const normalised = raw.trim().toLowerCase();
    if (['true', '1', 'yes', 'on'].includes(normalised)) return true;
    if (['false', '0', 'no', 'off'].includes(normalised)) return false;
    throw new ConfigError(name, `must be true or false, got "${raw}"`);
  }

  url(name: string, fallback?: string): string {
    const value = this.string(name, fallback);
    try {
      new URL(value);
    } catch {
      throw new ConfigError(name, 'must be a URL');
    }
    return value;
  }

  list(name: string, fallback: string[]): string[] {
    const raw = this.env[name];
    if (raw === undefined || raw.trim() === '') return fallback;
    return raw
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  }
}

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/softfactory';
export const DEFAULT_NATS_URL = 'nats://127.0.0.1:4222';
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

/** Settings every process shares: where the infrastructure is and how to log. */
export interface CommonConfig {
  natsUrl: string;
  /** Prepended to every NATS subject, so fleets sharing one NATS server stay apart (tests). */
  natsSubjectPrefix: string;
  logLevel: string;
  demoMode: boolean;
  /** Service that owns this process, e.g. `gateway`, `auth`. */
  serviceName: string;
  /** SIGTERM: how long readiness says 503 before the process stops taking work (load balancers catch up). */
  shutdownDelayMs: number;
  /** SIGTERM: how long in-flight requests and messages get to finish after the delay. */
  shutdownGraceMs: number;
  /** How often an idle job worker (libs/jobs) looks for jobs that came due or are to be retried. */
  jobsPollIntervalMs: number;
  /** Connections a service's job queue may hold (workers, maintenance, its LISTEN). */
  jobsPoolSize: number;
  /** Whether the process hands the memory a load left back once idle (libs/observability). */
  idleMemoryTrim: boolean;
}

export function readCommonConfig(reader: EnvReader, serviceName: string): CommonConfig {
  return {
    natsUrl: reader.url('NATS_URL', DEFAULT_NATS_URL),
    natsSubjectPrefix: reader.string('NATS_SUBJECT_PREFIX', ''),
    logLevel: reader.string('LOG_LEVEL', 'info'),
    demoMode: reader.bool('DEMO_MODE', false),
    serviceName,
    shutdownDelayMs: reader.int('SHUTDOWN_DELAY_MS', 5000, { max: 300_000 }),
    shutdownGraceMs: reader.int('SHUTDOWN_GRACE_MS', 20_000, { min: 100, max: 600_000 }),
    jobsPollIntervalMs: reader.int('JOBS_POLL_INTERVAL_MS', 2000, { min: 500, max: 60_000 }),
    jobsPoolSize: reader.int('JOBS_POOL_SIZE', 4, { min: 2, max: 50 }),
    idleMemoryTrim: reader.bool('IDLE_MEMORY_TRIM', true),
  };
}
