import Redis from 'ioredis';

/**
 * The one Redis connection of a gateway's limits: the rate-limit windows and the concurrency
 * leases share it, so a request's window count and its slot, sent in the same tick, travel in
 * one write and one round trip (auto-pipelining). Fails fast while Redis is away instead of
 * queueing requests behind it.
 */
export function limitsRedis(url: string): Redis {
  const redis = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2000, enableAutoPipelining: true });
  redis.on('error', () => undefined);
  return redis;
}
