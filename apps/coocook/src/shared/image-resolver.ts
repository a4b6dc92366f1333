import { Injectable } from '@nestjs/common';
import { CallerContext, StorageResolveFile } from '@sf/contracts';
import { DomainError, ErrorCode, ValidationFailed } from '@sf/errors';
import { RpcClient } from '@sf/messaging';

/**
 * `image_url` fields take a URL or the id of a file the caller uploaded; an id is turned into
 * the file's URL when the value is stored (one request to the storage service).
 */
@Injectable()
export class ImageResolver {
  constructor(private readonly rpc: RpcClient) {}

  async resolve<T extends string | null | undefined>(ctx: CallerContext, value: T, field = 'image_url'): Promise<T | string> {
    if (value === undefined || value === null || /^https?:\/\//i.test(value)) return value;
    try {
      const file = await this.rpc.call(StorageResolveFile, { ctx, body: { file_id: value } });
      return file.url;
    } catch (error) {
      if (error instanceof DomainError && error.code === ErrorCode.NOT_FOUND) {
        throw new ValidationFailed({ [field]: ['names no file of yours; give a URL or the id of a file you uploaded'] });
      }
      throw error;
    }
  }
}
