import { DomainError, RateLimitedError } from '@ctxvault/common';

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  details?: string[];
  requestId?: string;
}

const STATUS_BY_KIND: Record<string, number> = {
  validation: 400,
  authentication: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  rate_limited: 429,
  upstream: 502,
  integrity: 500,
};

const REASON: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

export function reasonPhrase(status: number): string {
  return REASON[status] ?? 'Error';
}

export function statusOfDomainError(e: DomainError): number {
  return STATUS_BY_KIND[e.kind] ?? 500;
}

export function retryAfterOf(e: unknown): number | undefined {
  return e instanceof RateLimitedError ? e.retryAfterSeconds : undefined;
}

interface BodyParserError {
  type?: string;
  status?: number;
  limit?: number;
  length?: number;
  charset?: string;
  encoding?: string;
}

/** Errors raised by the JSON body parser, turned into answers that say what to fix. */
export function bodyParserError(e: unknown, limitName: string): { status: number; message: string } | null {
  const err = e as BodyParserError & Error;
  switch (err?.type) {
    case 'entity.parse.failed':
      return { status: 400, message: `malformed JSON body: ${err.message}` };
    case 'entity.too.large':
      return {
        status: 413,
        message: `request body is ${err.length ?? 'over'} bytes; the limit is ${err.limit} bytes (${limitName})`,
      };
    case 'request.size.invalid':
      return { status: 400, message: 'request body length does not match its Content-Length header' };
    case 'encoding.unsupported':
      return { status: 415, message: `unsupported content encoding "${err.encoding}"; send identity, gzip or deflate` };
    case 'charset.unsupported':
      return { status: 415, message: `unsupported charset "${err.charset}"; send UTF-8 JSON` };
    case 'request.aborted':
      return { status: 400, message: 'request aborted by the client' };
    default:
      return null;
  }
}
