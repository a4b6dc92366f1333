export const SITES_MIGRATIONS = [];
