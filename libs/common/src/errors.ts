/**
 * Domain errors. Libraries throw these; only the API's exception filter maps them to HTTP statuses.
 * Messages are written for the caller: they say what is wrong and what to change.
 */
export abstract class DomainError extends Error {
  abstract readonly kind: string;
  constructor(
    message: string,
    readonly details: string[] = [],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends DomainError {
  readonly kind = 'validation';
}
export class AuthenticationError extends DomainError {
  readonly kind = 'authentication';
}
export class ForbiddenError extends DomainError {
  readonly kind = 'forbidden';
}
export class NotFoundError extends DomainError {
  readonly kind = 'not_found';
}
export class ConflictError extends DomainError {
  readonly kind = 'conflict';
}
export class PayloadTooLargeError extends DomainError {
  readonly kind = 'payload_too_large';
}
export class RateLimitedError extends DomainError {
  readonly kind = 'rate_limited';
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}
export class UpstreamError extends DomainError {
  readonly kind = 'upstream';
}
export class IntegrityError extends DomainError {
  readonly kind = 'integrity';
}
