/** The service's pino logger, for use cases that log what they leave to the sweeper. */
export const STORAGE_LOGGER = Symbol('STORAGE_LOGGER');
