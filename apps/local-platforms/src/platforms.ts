import { instagram } from './instagram/instagram.module';
import { naverBlog } from './naver-blog/naver-blog.platform';
import type { PlatformModule } from './platform-module';
import { reviewplace } from './reviewplace/reviewplace.platform';
import { revu } from './revu/revu.platform';
import { x } from './x/x.module';
import { youtube } from './youtube/youtube.module';

/** Every platform the stand-in serves, each under `/<name>/...`: social networks, then review sites. */
export const PLATFORMS: PlatformModule[] = [instagram, x, youtube, revu, reviewplace, naverBlog];
