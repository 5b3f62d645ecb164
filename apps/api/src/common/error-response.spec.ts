import { ConflictError, NotFoundError, RateLimitedError, ValidationError } from '@ctxvault/common';
import { toErrorBody } from './all-exceptions.filter';

const req = { requestId: 'r1', method: 'GET', path: '/x' } as never;

describe('toErrorBody', () => {
  it.each([
    [new ValidationError('bad'), 400],
    [new NotFoundError('gone'), 404],
    [new ConflictError('dup'), 409],
    [new RateLimitedError('slow down', 7), 429],
  ])('maps %p to %i with its message', (err, status) => {
    const { body } = toErrorBody(err, req);
    expect(body).toMatchObject({ statusCode: status, message: (err as Error).message, requestId: 'r1' });
  });

  it('carries Retry-After for rate limits', () => {
    expect(toErrorBody(new RateLimitedError('x', 7), req).retryAfter).toBe(7);
  });

  it('hides internal errors behind the request id', () => {
    const { body } = toErrorBody(new Error('password=hunter2 at pg'), req);
    expect(body.statusCode).toBe(500);
    expect(JSON.stringify(body)).not.toContain('hunter2');
    expect(body.message).toContain('r1');
  });

  it('explains body parser failures', () => {
    expect(toErrorBody(Object.assign(new Error('Unexpected token'), { type: 'entity.parse.failed' }), req).body.statusCode).toBe(400);
    const big = toErrorBody(Object.assign(new Error('too large'), { type: 'entity.too.large', limit: 1024, length: 5000 }), req).body;
    expect(big.statusCode).toBe(413);
    expect(big.message).toMatch(/5000 bytes; the limit is 1024 bytes \(HTTP_BODY_LIMIT_BYTES\)/);
  });
});
