import type { Redis } from 'ioredis';
import { Logger, RateLimitedError } from '@ctxvault/common';

const log = new Logger('rate-limit');

/** Fixed-window request counter per API key, shared by every API process through Redis. */
export class RateLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly limit: number,
    private readonly windowSeconds: number,
  ) {}

  /** Counts one request; throws RateLimitedError past the limit. Returns what is left in the window. */
  async consume(keyId: string): Promise<{ limit: number; remaining: number; resetSeconds: number }> {
    const nowMs = Date.now();
    const windowMs = this.windowSeconds * 1000;
    const window = Math.floor(nowMs / windowMs);
    const resetSeconds = Math.ceil(((window + 1) * windowMs - nowMs) / 1000);
    const key = `${this.prefix}:ratelimit:${keyId}:${window}`;
    let count: number;
    try {
      const res = await this.redis.multi().incr(key).expire(key, this.windowSeconds + 1).exec();
      count = Number(res?.[0]?.[1] ?? 0);
    } catch (e) {
      // Redis trouble must not take the API down; readiness reports Redis separately.
      log.warn('rate limiter unavailable; request allowed', { error: (e as Error).message });
      return { limit: this.limit, remaining: this.limit, resetSeconds };
    }
    if (count > this.limit) {
      throw new RateLimitedError(
        `rate limit exceeded: ${this.limit} requests per ${this.windowSeconds} s for this API key (RATE_LIMIT_REQUESTS); retry in ${resetSeconds} s`,
        resetSeconds,
      );
    }
    return { limit: this.limit, remaining: this.limit - count, resetSeconds };
  }
}
