import { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from '@ctxvault/common';
import type { AppConfig } from '@ctxvault/config';
import { HeartbeatRepository } from '@ctxvault/persistence';
import { createRedis, QueueClient } from '@ctxvault/queue';
import type { Services } from '@ctxvault/services';
import type { Tenancy } from '@ctxvault/tenancy';
import { createApiApp } from './bootstrap';
import { HttpMetrics } from './metrics/http-metrics';

const log = new Logger('api');

export interface RunningApi {
  app: NestExpressApplication;
  url: string;
  tenancy: Tenancy;
  services: Services;
  close(): Promise<void>;
}

/** Verifies Redis answers, builds the app, listens, and schedules the worker heartbeat. */
export async function startApi(config: AppConfig, services: Services, opts: { port?: number } = {}): Promise<RunningApi> {
  const redis = createRedis(config.redis.url);
  const queueConn = services.queue ? null : createRedis(config.redis.url);
  try {
    await withTimeout(redis.ping(), 5000, `cannot reach Redis at REDIS_URL; start redis-server or set REDIS_URL`);
  } catch (e) {
    redis.disconnect();
    queueConn?.disconnect();
    throw e;
  }
  const queue = services.queue ?? new QueueClient(queueConn!, config.redis.queuePrefix);
  const app = await createApiApp({
    config,
    services,
    redis,
    queue,
    heartbeats: new HeartbeatRepository(services.db),
    metrics: new HttpMetrics(),
  });
  const server = app.getHttpServer();
  server.keepAliveTimeout = config.http.keepAliveTimeoutMs;
  server.headersTimeout = config.http.keepAliveTimeoutMs + 1000;
  await app.listen(opts.port ?? config.http.port, config.http.host);
  const addr = app.getHttpServer().address();
  const port = typeof addr === 'object' && addr ? addr.port : config.http.port;
  const host = config.http.host === '0.0.0.0' || config.http.host === '::' ? '127.0.0.1' : config.http.host;
  const url = `http://${host}:${port}`;
  await queue.schedule('heartbeat', config.worker.heartbeatIntervalSeconds * 1000, { requestedBy: 'api-schedule' });
  await queue.enqueue('heartbeat', { requestedBy: 'api-start' });
  log.info('api listening', { url, docs: `${url}/docs` });
  return {
    app,
    url,
    tenancy: services.tenancy,
    services,
    async close() {
      await app.close();
      if (queueConn) {
        await queue.close();
        queueConn.disconnect();
      }
      redis.disconnect();
    },
  };
}

function withTimeout<T>(p: Promise<T>, ms: number, message: string): Promise<T> {
  let t: NodeJS.Timeout;
  return Promise.race([
    p.finally(() => clearTimeout(t)),
    new Promise<never>((_, reject) => {
      t = setTimeout(() => reject(new Error(message)), ms);
    }),
  ]);
}
