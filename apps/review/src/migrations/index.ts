import { Initial1796618329051 } from './1796618329051-Initial';

export const REVIEW_MIGRATIONS = [Initial1796618329051];
