/**
 * Whether an error means a dependency (the service's database) cannot be reached right now,
 * rather than a bug: the caller gets 503 SERVICE_UNAVAILABLE and may retry, never a 500.
 */
export function isUnavailableDependency(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 4; depth++) {
    const { code, message } = current as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && (UNAVAILABLE_CODES.has(code) || UNAVAILABLE_SQLSTATE_CLASSES.has(code.slice(0, 2)))) return true;
    if (typeof message === 'string' && UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(message))) return true;
    // TypeORM keeps the driver's error as `driverError`; others as `cause`.
    current = (current as { driverError?: unknown }).driverError ?? (current as { cause?: unknown }).cause;
  }
  return false;
}

/** Socket-level failures (Node) while connecting or talking to Postgres. */
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EPIPE', 'EAI_AGAIN']);

/**
 * SQLSTATE classes: 08 connection exception, 53 insufficient resources (too many connections),
 * 57 operator intervention (admin shutdown, crash shutdown, cannot connect now).
 */
const UNAVAILABLE_SQLSTATE_CLASSES = new Set(['08', '53', '57']);

/** What node-postgres and TypeORM say when the pool or connection is gone (no code attached). */
const UNAVAILABLE_MESSAGES = [
  /Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /Client has encountered a connection error/i,
  /Driver not Connected/i,
  /the database system is (starting up|shutting down|in recovery mode)/i,
];
