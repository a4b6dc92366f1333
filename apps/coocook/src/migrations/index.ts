import { InitialSchema1795438979114 } from './1795438979114-InitialSchema';
import { RecipeSearchTerms1796612151250 } from './1796612151250-RecipeSearchTerms';
import { OutboxTraceparent1796716800000 } from './1796716800000-OutboxTraceparent';
import { RecipeRemovedAt1796800000001 } from './1796800000001-RecipeRemovedAt';
import { RecipeSearchGeneration1796889700000 } from './1796889700000-RecipeSearchGeneration';
import { IdempotencyRecords1796900000000 } from './1796900000000-IdempotencyRecords';

export const COOCOOK_MIGRATIONS = [
  InitialSchema1795438979114,
  RecipeSearchTerms1796612151250,
  OutboxTraceparent1796716800000,
  RecipeRemovedAt1796800000001,
  RecipeSearchGeneration1796889700000,
  IdempotencyRecords1796900000000,
];
