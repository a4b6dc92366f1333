import { Inject, Injectable } from '@nestjs/common';
import { DEFAULT_DOWNLOAD_URL_HOURS, FileCategory, FileView } from '@sf/contracts';
import { contentDisposition, ObjectStore } from '../s3/object-store';
import { STORAGE_CONFIG, StorageConfig } from '../storage.config';
import { StoredFile } from './stored-file.entity';

/** A recorded file as clients see it, with URLs that work for them. */
@Injectable()
export class FileViews {
  constructor(
    private readonly store: ObjectStore,
    @Inject(STORAGE_CONFIG) private readonly config: StorageConfig,
  ) {}

  /** Whether a CDN serves the bucket (its URLs do not expire). */
  get hasCdn(): boolean {
    return !!this.config.cdnBaseUrl;
  }

  /**
   * A presigned GET of the file, answered with the type found in its bytes (never what the
   * client declared) and its original name.
   */
  downloadUrl(file: StoredFile, seconds: number): Promise<string> {
    return this.store.presignGet(file.objectKey, seconds, {
      contentType: file.contentType ?? 'application/octet-stream',
      disposition: contentDisposition('inline', file.originalFilename),
    });
  }

  /** The CDN's URL when a CDN fronts the bucket; otherwise a presigned URL valid 24 hours. */
  async cdnUrl(file: StoredFile): Promise<string> {
    if (this.config.cdnBaseUrl) return `${this.config.cdnBaseUrl}/${file.objectKey.split('/').map(encodeURIComponent).join('/')}`;
    return this.downloadUrl(file, DEFAULT_DOWNLOAD_URL_HOURS * 3600);
  }

  async view(file: StoredFile): Promise<FileView> {
    const size = file.size ?? 0;
    const uploadedAt = (file.uploadedAt ?? file.createdAt).toISOString();
    return {
      file_id: file.id,
      file_key: file.objectKey,
      original_filename: file.originalFilename,
      filename: file.originalFilename,
      file_size: size,
      size,
      category: file.category as FileCategory,
      content_type: file.contentType ?? 'application/octet-stream',
      cdn_url: await this.cdnUrl(file),
      s3_url: this.store.objectUrl(file.objectKey),
      preview_status: file.previewStatus,
      uploaded_at: uploadedAt,
      created_at: file.createdAt.toISOString(),
    };
  }
}
