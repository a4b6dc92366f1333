import type { EndpointDefinition } from '../common/endpoint';
import * as files from './files.contract';

export * from './events';
export * from './files.contract';
export * from './internal.contract';

/** Every public endpoint the storage service owns. */
export const STORAGE_ENDPOINTS = [
  files.FilesUpload,
  files.FilesPresignedUpload,
  files.FilesCompleteUpload,
  files.FilesList,
  files.FilesGet,
  files.FilesPreview,
  files.FilesPresignedUrl,
  files.FilesDelete,
] as EndpointDefinition<unknown, unknown, unknown>[];
