export * from './local-stripe';
export * from './local-stripe.config';
