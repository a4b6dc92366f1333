import { ErrorCode, ErrorDetails, ErrorReply } from './error-codes';

/** A failure of a use case that the caller is meant to see, with the contract's code. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetails,
  ) {
    super(message);
    this.name = new.target.name;
  }

  toReply(): ErrorReply {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

export class BadRequest extends DomainError {
  constructor(message = 'Bad request', details?: ErrorDetails) {
    super(ErrorCode.BAD_REQUEST, message, details);
  }
}
export class Unauthorized extends DomainError {
  constructor(message = 'Authentication required', details?: ErrorDetails) {
    super(ErrorCode.UNAUTHORIZED, message, details);
  }
}
export class TwoFactorRequired extends DomainError {
  constructor(challengeToken: string) {
    super(ErrorCode.TWO_FACTOR_REQUIRED, 'A two-factor code is required', { challenge_token: challengeToken });
  }
}
export class Forbidden extends DomainError {
  constructor(message = 'Not allowed', details?: ErrorDetails) {
    super(ErrorCode.FORBIDDEN, message, details);
  }
}
export class SubscriptionRequired extends DomainError {
  constructor(product: string) {
    super(ErrorCode.SUBSCRIPTION_REQUIRED, `Subscription to ${product} required`, { product });
  }
}
export class NotFound extends DomainError {
  constructor(resource = 'Resource') {
    super(ErrorCode.NOT_FOUND, `${resource} not found`);
  }
}
export class Conflict extends DomainError {
  constructor(message: string, details?: ErrorDetails) {
    super(ErrorCode.CONFLICT, message, details);
  }
}
export class ValidationFailed extends DomainError {
  constructor(details: Record<string, string[]>, message = 'Validation failed') {
    super(ErrorCode.VALIDATION_ERROR, message, details);
  }
}
export class RateLimited extends DomainError {
  constructor(message: string, retryAfterSeconds: number) {
    super(ErrorCode.RATE_LIMIT_EXCEEDED, message, { retry_after: Math.max(1, Math.ceil(retryAfterSeconds)) });
  }
}
export class ServiceUnavailable extends DomainError {
  constructor(message = 'Service unavailable') {
    super(ErrorCode.SERVICE_UNAVAILABLE, message);
  }
}
