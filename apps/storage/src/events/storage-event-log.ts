import { Injectable } from '@nestjs/common';
import type { StorageEventMap } from '@sf/contracts';
import { TypedEventLog } from '@sf/events';

/** Storage's events, typed by `StorageEventMap`; the CloudEvent's `subject` is the file id. */
@Injectable()
export class StorageEventLog extends TypedEventLog<StorageEventMap> {}
