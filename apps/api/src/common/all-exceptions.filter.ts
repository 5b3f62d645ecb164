import { ArgumentsHost, Catch, ExceptionFilter, HttpException } from '@nestjs/common';
import type { Response } from 'express';
import { DomainError, Logger } from '@ctxvault/common';
import type { ApiRequest } from '../auth/request.types';
import { bodyParserError, ErrorBody, reasonPhrase, retryAfterOf, statusOfDomainError } from './error-response';

const log = new Logger('http');

/** The single place where errors become HTTP answers. Clients never see a stack trace. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<ApiRequest>();
    const res = ctx.getResponse<Response>();
    const { body, retryAfter } = toErrorBody(exception, req);
    if (body.statusCode >= 500) {
      log.error('request failed', { requestId: req.requestId, method: req.method, path: req.path, error: exception as Error });
    }
    if (res.headersSent) return;
    if (retryAfter !== undefined) res.setHeader('Retry-After', String(retryAfter));
    res.status(body.statusCode).json(body);
  }
}

export function toErrorBody(exception: unknown, req: ApiRequest): { body: ErrorBody; retryAfter?: number } {
  const requestId = req?.requestId;
  if (exception instanceof DomainError) {
    const statusCode = statusOfDomainError(exception);
    const body: ErrorBody = { statusCode, error: reasonPhrase(statusCode), message: exception.message, requestId };
    if (exception.details.length) body.details = exception.details;
    if (statusCode >= 500) body.message = `internal error; quote request id ${requestId}`;
    return { body, retryAfter: retryAfterOf(exception) };
  }
  if (exception instanceof HttpException) {
    const statusCode = exception.getStatus();
    const resp = exception.getResponse();
    let message = exception.message;
    let details: string[] | undefined;
    if (typeof resp === 'object' && resp !== null && 'message' in resp) {
      const m = (resp as { message: unknown }).message;
      if (Array.isArray(m)) {
        details = m.map(String);
        message = `invalid request: ${details.join('; ')}`;
      } else if (typeof m === 'string') {
        message = m;
      }
    }
    if (statusCode === 404 && /^Cannot (GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)/.test(message)) {
      message = `no route ${req.method} ${req.path}; see /docs for the API`;
    }
    const body: ErrorBody = { statusCode, error: reasonPhrase(statusCode), message, requestId };
    if (details) body.details = details;
    return { body };
  }
  const parsed = bodyParserError(exception, 'HTTP_BODY_LIMIT_BYTES');
  if (parsed) return { body: { statusCode: parsed.status, error: reasonPhrase(parsed.status), message: parsed.message, requestId } };
  return {
    body: { statusCode: 500, error: reasonPhrase(500), message: `internal error; quote request id ${requestId}`, requestId },
  };
}
