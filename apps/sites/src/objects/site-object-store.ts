import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import type { S3Client } from '@aws-sdk/client-s3';
import { ServiceUnavailable } from '@sf/errors';
import { SITES_CONFIG, SitesConfig } from '../sites.config';

type S3Sdk = typeof import('@aws-sdk/client-s3');
type Presigner = typeof import('@aws-sdk/s3-request-presigner');

/** S3 unreachable or failing: the caller sees a 503, the log the cause. */
export class SiteStorageUnavailable extends ServiceUnavailable {
  constructor(override readonly cause: unknown) {
    super('Site storage is not available; try again shortly');
  }
}

function s3Status(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;
}

/**
 * The published pages in S3, under `sites/<site id>/v<version>/`. The AWS SDK is loaded on first
 * use, so a service that never publishes or serves does not pay for it at start.
 */
@Injectable()
export class SiteObjectStore implements OnApplicationShutdown {
  private loaded: Promise<{ sdk: S3Sdk; presigner: Presigner; client: S3Client }> | null = null;
  private bucketReady: Promise<void> | null = null;

  constructor(@Inject(SITES_CONFIG) private readonly config: SitesConfig) {}

  /** The prefix of one version's objects. */
  static versionPrefix(siteId: string, version: number): string {
    return `sites/${siteId}/v${version}/`;
  }

  /** The key of a page's HTML in a version: `index.html` for `/`, else `<segment>.html`. */
  static pageKey(siteId: string, version: number, path: string): string {
    return `${SiteObjectStore.versionPrefix(siteId, version)}${path === '/' ? 'index' : path.slice(1)}.html`;
  }

  async putHtml(key: string, html: string): Promise<void> {
    const { sdk, client } = await this.ready();
    await this.call(() =>
      client.send(
        new sdk.PutObjectCommand({
          Bucket: this.config.s3.bucket,
          Key: key,
          Body: Buffer.from(html, 'utf8'),
          ContentType: 'text/html; charset=utf-8',
          CacheControl: 'public, max-age=31536000, immutable',
        }),
      ),
    );
  }

  /** A GET URL for the gateway (signed for the endpoint the service itself reaches). */
  async presignGet(key: string, expiresInSeconds: number): Promise<string> {
    const { sdk, presigner, client } = await this.ready();
    return presigner.getSignedUrl(client, new sdk.GetObjectCommand({ Bucket: this.config.s3.bucket, Key: key }), {
      expiresIn: expiresInSeconds,
    });
  }

  /** Deletes every object under `prefix`. */
  async deletePrefix(prefix: string): Promise<void> {
    const { sdk, client } = await this.ready();
    let token: string | undefined;
    do {
      const page = await this.call(() =>
        client.send(new sdk.ListObjectsV2Command({ Bucket: this.config.s3.bucket, Prefix: prefix, ContinuationToken: token })),
      );
      const keys = (page.Contents ?? []).map((o) => ({ Key: o.Key! }));
      if (keys.length)
        await this.call(() =>
          client.send(new sdk.DeleteObjectsCommand({ Bucket: this.config.s3.bucket, Delete: { Objects: keys, Quiet: true } })),
        );
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  private async ready(): Promise<{ sdk: S3Sdk; presigner: Presigner; client: S3Client }> {
    this.loaded ??= (async () => {
      const [sdk, presigner] = await Promise.all([import('@aws-sdk/client-s3'), import('@aws-sdk/s3-request-presigner')]);
      const { s3 } = this.config;
      const client = new sdk.S3Client({
        endpoint: s3.endpoint,
        region: s3.region,
        forcePathStyle: s3.forcePathStyle,
        credentials: s3.credentials,
        requestChecksumCalculation: 'WHEN_REQUIRED',
        responseChecksumValidation: 'WHEN_REQUIRED',
      });
      return { sdk, presigner, client };
    })();
    const loaded = await this.loaded;
    this.bucketReady ??= this.ensureBucket(loaded.sdk, loaded.client).catch((error: unknown) => {
      this.bucketReady = null;
      throw error;
    });
    await this.bucketReady;
    return loaded;
  }

  /** Creates the bucket if it is missing (another service creating it at the same time is fine). */
  private async ensureBucket(sdk: S3Sdk, client: S3Client): Promise<void> {
    const Bucket = this.config.s3.bucket;
    try {
      await this.call(() => client.send(new sdk.HeadBucketCommand({ Bucket })));
      return;
    } catch (error) {
      if (s3Status((error as { cause?: unknown }).cause ?? error) !== 404) throw error;
    }
    try {
      await this.call(() => client.send(new sdk.CreateBucketCommand({ Bucket })));
    } catch (error) {
      const name = ((error as { cause?: { name?: string } }).cause ?? (error as { name?: string }))?.name;
      if (name !== 'BucketAlreadyOwnedByYou' && name !== 'BucketAlreadyExists') throw error;
    }
  }

  private async call<T>(request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      throw new SiteStorageUnavailable(error);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.loaded) (await this.loaded.catch(() => null))?.client.destroy();
  }
}
