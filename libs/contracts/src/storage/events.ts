import { eventCatalogue, eventConsumer, selectEvents } from '../common/events';
import type { FileCategory } from './internal.contract';
import { GDPR_PART_EVENTS, gdprRequestsFeed } from '../gdpr/gdpr.events';
import type { GdprPartEventMap } from '../gdpr/gdpr.events';

/** `file.uploaded`: a file was checked and recorded; it is usable from now on. */
export interface FileUploadedData {
  file_id: string;
  user_id: string;
  category: FileCategory;
  content_type: string;
  size: number;
  file_key: string;
  original_filename: string;
}

/** `file.deleted`: the file is gone for its owner; references to it should be dropped. */
export interface FileDeletedData {
  file_id: string;
  user_id: string;
  file_key: string;
}

/** Event type → data, one source for publisher and consumers. */
export interface StorageEventMap {
  'file.uploaded': FileUploadedData;
  'file.deleted': FileDeletedData;
}

/**
 * Domain events of the storage service, published as CloudEvents on `events.storage.<type>`
 * with the file id as the CloudEvent subject.
 */
export const StorageEvents = eventCatalogue<StorageEventMap & GdprPartEventMap>('storage', {
  'file.uploaded': 'A file was checked and recorded; it is usable from now on',
  'file.deleted': 'A file is gone for its owner',
  ...GDPR_PART_EVENTS,
});

/** Storage makes each image's thumbnail after its upload. */
export const StorageThumbnailsFeed = eventConsumer({
  name: 'storage-thumbnails',
  service: 'storage',
  reads: selectEvents(StorageEvents, 'file.uploaded'),
  summary: "Makes each image's 150x150 thumbnail",
});

/** The storage service's part of GDPR exports and deletions. */
export const StorageGdprFeed = gdprRequestsFeed('storage');
