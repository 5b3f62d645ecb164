import IORedis, { Redis } from 'ioredis';

/** A Redis connection fit for BullMQ (blocking commands need maxRetriesPerRequest: null). */
export function createRedis(url: string, opts: { forBullWorker?: boolean; lazy?: boolean } = {}): Redis {
  return new IORedis(url, {
    maxRetriesPerRequest: opts.forBullWorker ? null : 3,
    enableOfflineQueue: true,
    lazyConnect: opts.lazy ?? false,
    connectTimeout: 5_000,
  });
}
