export * from './client';
export * from './service-bootstrap';
export * from './service-health';
export * from './contract-validation';
export * from './handles';
