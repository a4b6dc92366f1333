import { naverBlog } from './naver-blog/naver-blog.platform';
import type { PlatformModule } from './platform-module';
import { reviewplace } from './reviewplace/reviewplace.platform';
import { revu } from './revu/revu.platform';

/** Every platform the stand-in serves, each under `/<name>/...`. */
export const PLATFORMS: PlatformModule[] = [revu, reviewplace, naverBlog];
