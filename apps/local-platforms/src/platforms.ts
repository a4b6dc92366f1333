import { instagram } from './instagram/instagram.module';
import type { PlatformModule } from './platform-module';
import { x } from './x/x.module';

/** Every platform the stand-in serves, each under `/<name>/...`. */
export const PLATFORMS: PlatformModule[] = [instagram, x];
