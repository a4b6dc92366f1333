import { EVENT_ENTITIES } from '@sf/events';
import { StoredFile } from './files/stored-file.entity';

export const STORAGE_ENTITIES = [...EVENT_ENTITIES, StoredFile];
