import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { GDPR_EXPORT_PREFIX, InternalRequestOf, InternalResponseOf, StorageGdprPartUrls } from '@sf/contracts';
import { Handles } from '@sf/messaging';
import { ObjectStore } from '../s3/object-store';

/** The object holding one service's part of a GDPR export. */
export function gdprPartKey(requestId: string, service: string): string {
  return `${GDPR_EXPORT_PREFIX}${requestId}/${service}.json`;
}

/**
 * Presigned URLs of GDPR export parts for admin: upload URLs handed to the services (inside the
 * fleet), download URLs handed to admins (the public endpoint). Storage owns the bucket, so no
 * other service holds S3 credentials.
 */
@Controller()
export class GdprPartsHandler {
  constructor(private readonly store: ObjectStore) {}

  @Handles(StorageGdprPartUrls)
  async urls(@Payload() req: InternalRequestOf<typeof StorageGdprPartUrls>): Promise<InternalResponseOf<typeof StorageGdprPartUrls>> {
    const { request_id, services, method, expires_in_seconds } = req.body;
    const expiresAt = new Date(Date.now() + expires_in_seconds * 1000).toISOString();
    const urls = await Promise.all(
      services.map(async (service) => {
        const key = gdprPartKey(request_id, service);
        const url =
          method === 'PUT'
            ? await this.store.presignJsonPut(key, expires_in_seconds)
            : await this.store.presignGet(key, expires_in_seconds, {
                contentType: 'application/json',
                disposition: `attachment; filename="${service}.json"`,
              });
        return { service, url };
      }),
    );
    return { urls, expires_at: expiresAt };
  }
}
