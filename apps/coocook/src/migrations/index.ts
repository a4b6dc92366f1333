import { InitialSchema1795438979114 } from './1795438979114-InitialSchema';

export const COOCOOK_MIGRATIONS = [InitialSchema1795438979114];
