import { EVENT_ENTITIES } from '@sf/events';
import { StoredFile } from './files/stored-file.entity';
import { IDEMPOTENCY_ENTITIES } from '@sf/idempotency';

export const STORAGE_ENTITIES = [...IDEMPOTENCY_ENTITIES, ...EVENT_ENTITIES, StoredFile];
