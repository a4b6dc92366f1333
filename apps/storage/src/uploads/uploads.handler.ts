import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  FilesCompleteUpload,
  FilesPresignedUpload,
  RequestOf,
  ResponseOf,
  InternalRequestOf,
  InternalResponseOf,
  StorageUploadAbort,
  StorageUploadBegin,
  StorageUploadComplete,
} from '@sf/contracts';
import { Handles } from '@sf/messaging';
import { UploadsService } from './uploads.service';

@Controller()
export class UploadsHandler {
  constructor(private readonly uploads: UploadsService) {}

  @Handles(StorageUploadBegin)
  begin(@Payload() req: InternalRequestOf<typeof StorageUploadBegin>): Promise<InternalResponseOf<typeof StorageUploadBegin>> {
    return this.uploads.begin(req.ctx, req.body);
  }

  @Handles(StorageUploadComplete)
  complete(@Payload() req: InternalRequestOf<typeof StorageUploadComplete>): Promise<InternalResponseOf<typeof StorageUploadComplete>> {
    return this.uploads.complete(req.ctx, req.body);
  }

  @Handles(StorageUploadAbort)
  abort(@Payload() req: InternalRequestOf<typeof StorageUploadAbort>): Promise<InternalResponseOf<typeof StorageUploadAbort>> {
    return this.uploads.abort(req.ctx, req.body);
  }

  @Handles(FilesPresignedUpload)
  presign(@Payload() req: RequestOf<typeof FilesPresignedUpload>): Promise<ResponseOf<typeof FilesPresignedUpload>> {
    return this.uploads.presignDirect(req.ctx, req.body);
  }

  @Handles(FilesCompleteUpload)
  completeDirect(@Payload() req: RequestOf<typeof FilesCompleteUpload>): Promise<ResponseOf<typeof FilesCompleteUpload>> {
    return this.uploads.completeDirect(req.ctx, req.params.id);
  }
}
