import { InitialSchema1795438979114 } from './1795438979114-InitialSchema';
import { RecipeSearchTerms1796612151250 } from './1796612151250-RecipeSearchTerms';
import { OutboxTraceparent1796716800000 } from './1796716800000-OutboxTraceparent';
import { RecipeRemovedAt1796800000001 } from './1796800000001-RecipeRemovedAt';

export const COOCOOK_MIGRATIONS = [
  InitialSchema1795438979114,
  RecipeSearchTerms1796612151250,
  OutboxTraceparent1796716800000,
  RecipeRemovedAt1796800000001,
];
