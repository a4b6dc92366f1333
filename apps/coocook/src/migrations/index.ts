import { InitialSchema1795438979114 } from './1795438979114-InitialSchema';
import { OutboxTraceparent1796716800000 } from './1796716800000-OutboxTraceparent';

export const COOCOOK_MIGRATIONS = [InitialSchema1795438979114, OutboxTraceparent1796716800000];
