import type { Provider } from '@nestjs/common';
import { REVIEW_CONFIG, ReviewConfig } from '../review.config';
import { ACCOUNT_VERIFIERS, AccountVerifier, LISTING_SOURCES, ListingSource } from './listing-source';
import { InstagramVerifier } from './instagram.verifier';
import { NaverBlogVerifier } from './naver-blog.verifier';
import { ReviewplaceSource } from './reviewplace.source';
import { RevuSource } from './revu.source';
import { SourceHttp } from './source-http';
import { YoutubeVerifier } from './youtube.verifier';

/** The listing platforms' adapters and the account verifiers, from config; new ones join here. */
export const SOURCE_PROVIDERS: Provider[] = [
  SourceHttp,
  {
    provide: LISTING_SOURCES,
    inject: [SourceHttp, REVIEW_CONFIG],
    useFactory: (http: SourceHttp, config: ReviewConfig): ListingSource[] => [
      new RevuSource(http, config.sources.revuUrl),
      new ReviewplaceSource(http, config.sources.reviewplaceUrl),
    ],
  },
  {
    provide: ACCOUNT_VERIFIERS,
    inject: [SourceHttp, REVIEW_CONFIG],
    useFactory: (http: SourceHttp, config: ReviewConfig): AccountVerifier[] => [
      new NaverBlogVerifier(http, config.sources.naverBlogUrl),
      new InstagramVerifier(http, config.sources.instagramUrl),
      new YoutubeVerifier(http, config.sources.youtubeUrl),
    ],
  },
];
