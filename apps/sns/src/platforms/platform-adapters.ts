import { Inject, Injectable } from '@nestjs/common';
import type { SnsPlatform } from '@sf/contracts';
import { ServiceUnavailable } from '@sf/errors';
import { SNS_CONFIG, SnsConfig } from '../sns.config';
import { InstagramAdapter } from './instagram.adapter';
import { LinkedInAdapter } from './linkedin.adapter';
import type { PlatformAdapter } from './platform-adapter';
import { platformLabel } from './platform-http';
import { TikTokAdapter } from './tiktok.adapter';
import { XAdapter } from './x.adapter';
import { YouTubeAdapter } from './youtube.adapter';

/** The adapter of each platform the service can act on; others answer 503 naming the platform. */
@Injectable()
export class PlatformAdapters {
  private readonly adapters: Partial<Record<SnsPlatform, PlatformAdapter>>;

  constructor(@Inject(SNS_CONFIG) config: SnsConfig) {
    this.adapters = {
      instagram: new InstagramAdapter(config.platforms.instagram, config.platformTimeoutMs),
      twitter: new XAdapter(config.platforms.twitter, config.platformTimeoutMs),
      tiktok: new TikTokAdapter(config.platforms.tiktok, config.platformTimeoutMs),
      youtube: new YouTubeAdapter(config.platforms.youtube, config.platformTimeoutMs),
      linkedin: new LinkedInAdapter(config.platforms.linkedin, config.platformTimeoutMs),
    };
  }

  /** The platform's adapter; 503 when the platform is not supported yet or not configured. */
  get(platform: SnsPlatform): PlatformAdapter {
    const adapter = this.adapters[platform];
    if (!adapter) throw new ServiceUnavailable(`${platformLabel(platform)} is not available yet`);
    if (!adapter.configured()) throw new ServiceUnavailable(`${platformLabel(platform)} is not configured`);
    return adapter;
  }
}
