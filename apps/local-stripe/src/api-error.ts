/** An error answered in Stripe's shape: `{ error: { type, message, code, param } }` with its HTTP status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
    readonly code?: string,
    readonly param?: string,
  ) {
    super(message);
  }

  /** The response body Stripe sends for it. */
  body(): string {
    return JSON.stringify({ error: { type: this.type, message: this.message, code: this.code, param: this.param } });
  }
}

/** A 400 `invalid_request_error`, the commonest of Stripe's errors. */
export function invalidRequest(message: string, code?: string, param?: string): ApiError {
  return new ApiError(400, 'invalid_request_error', message, code, param);
}

/** A required parameter left out. */
export function missingParam(param: string): ApiError {
  return invalidRequest(`Missing required param: ${param}.`, 'parameter_missing', param);
}

export function unknownRoute(method: string, path: string): ApiError {
  return new ApiError(
    404,
    'invalid_request_error',
    `Unrecognized request URL (${method}: ${path}). This local Stripe serves only what the platform uses.`,
  );
}
