import { Provider } from '@nestjs/common';
import type Redis from 'ioredis';
import { GATEWAY_CONFIG, GatewayConfig } from '../gateway.config';
import { LeaseStore, MemoryLeaseStore, RedisLeaseStore } from './lease-store';
import { limitsRedis } from './limits-redis';
import { MemoryWindowStore, RedisWindowStore, WindowStore } from './window-store';

export const LIMITS_REDIS = Symbol('LIMITS_REDIS');
export const WINDOW_STORE = Symbol('WINDOW_STORE');
export const LEASE_STORE = Symbol('LEASE_STORE');

/**
 * The rate-limit windows and the concurrency leases: in Redis when REDIS_URL is set (shared by
 * replicas, on one connection), in memory otherwise.
 */
export const limitStoreProviders: Provider[] = [
  {
    provide: LIMITS_REDIS,
    useFactory: (config: GatewayConfig): Redis | null => (config.redisUrl ? limitsRedis(config.redisUrl) : null),
    inject: [GATEWAY_CONFIG],
  },
  {
    provide: WINDOW_STORE,
    useFactory: (redis: Redis | null): WindowStore => (redis ? new RedisWindowStore(redis) : new MemoryWindowStore()),
    inject: [LIMITS_REDIS],
  },
  {
    provide: LEASE_STORE,
    useFactory: (redis: Redis | null): LeaseStore => (redis ? new RedisLeaseStore(redis) : new MemoryLeaseStore()),
    inject: [LIMITS_REDIS],
  },
];
