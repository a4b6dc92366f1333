import { InitialSchema1795430636346 } from './1795430636346-InitialSchema';

export const AUTH_MIGRATIONS = [InitialSchema1795430636346];
