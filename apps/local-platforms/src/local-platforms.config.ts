import { Env, EnvReader } from '@sf/config';

export interface LocalPlatformsConfig {
  port: number;
  host: string;
  logLevel: string;
}

export function loadLocalPlatformsConfig(env: Env): LocalPlatformsConfig {
  const reader = new EnvReader(env);
  return {
    port: reader.int('LOCAL_PLATFORMS_PORT', 8300, { max: 65535 }),
    // Like the gateway: reachable from other containers (docker-compose) unless told otherwise.
    host: reader.string('LOCAL_PLATFORMS_HOST', '0.0.0.0'),
    logLevel: reader.string('LOG_LEVEL', 'info'),
  };
}
