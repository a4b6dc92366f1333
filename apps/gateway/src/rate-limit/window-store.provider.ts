import { Provider } from '@nestjs/common';
import { GATEWAY_CONFIG, GatewayConfig } from '../gateway.config';
import { MemoryWindowStore, RedisWindowStore, WindowStore } from './window-store';

export const WINDOW_STORE = Symbol('WINDOW_STORE');

/** Redis when REDIS_URL is set (shared by replicas), in-memory otherwise. */
export const windowStoreProvider: Provider = {
  provide: WINDOW_STORE,
  useFactory: (config: GatewayConfig): WindowStore => (config.redisUrl ? new RedisWindowStore(config.redisUrl) : new MemoryWindowStore()),
  inject: [GATEWAY_CONFIG],
};
