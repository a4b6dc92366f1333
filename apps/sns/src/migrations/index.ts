export const SNS_MIGRATIONS = [];
