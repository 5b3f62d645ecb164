import { hostname } from 'node:os';
import { Job, UnrecoverableError, Worker } from 'bullmq';
import { Logger, runWithContext } from '@ctxvault/common';
import type { AppConfig } from '@ctxvault/config';
import { HeartbeatRepository } from '@ctxvault/persistence';
import type { Services } from '@ctxvault/services';
import { assertAllHandled, createRedis, JOB_DEFINITIONS, JobHandler, JobHandlers, JobName, QUEUE_NAMES } from '@ctxvault/queue';
import { checkpointPublishHandler } from './processors/checkpoint-publish.processor';
import { IngestPipeline } from './ingest/ingest.pipeline';
import { PushRunner } from './ingest/push.runner';
import { ItemRunner } from './ingest/item.runner';
import { SyncRunner } from './ingest/sync.runner';
import { createEmbedder } from '@ctxvault/retrieval';
import { heartbeatHandler } from './processors/heartbeat.processor';
import { flagsRescanHandler } from './processors/flags-rescan.processor';

const log = new Logger('worker');

export interface RunningWorker {
  workerId: string;
  close(): Promise<void>;
}

export function buildHandlers(services: Services, workerId: string): JobHandlers {
  const cfg = services.config.ingest;
  const pipeline = new IngestPipeline(services, createEmbedder(services.config), {
    chunkSize: cfg.chunkSize,
    chunkOverlap: cfg.chunkOverlap,
    connector: (kind) => {
      const c = services.connectors[kind as keyof Services['connectors']];
      return c ? { name: c.name, version: c.version } : { name: 'push-api', version: '1.0.0' };
    },
  });
  const notify = (tenantId: string) => services.queue?.enqueue('checkpoint.publish', { tenantId }) ?? Promise.resolve();
  const sync = new SyncRunner(services, pipeline, notify);
  const push = new PushRunner(services, pipeline, notify);
  const item = new ItemRunner(services, pipeline, notify);
  return {
    heartbeat: heartbeatHandler(services.db, new HeartbeatRepository(services.db), workerId),
    'checkpoint.publish': checkpointPublishHandler(services),
    'source.sync': (payload, meta) => sync.run(payload, meta, cfg.syncAttempts),
    'ingest.push': (payload) => push.run(payload),
    'source.item': (payload) => item.run(payload),
    'flags.rescan': flagsRescanHandler(services),
  };
}

/**
 * Starts one BullMQ worker per queue. Refuses to start when a declared job has no handler. Each job
 * runs with its correlation id in the log context; unknown job names fail without retry.
 */
export async function startWorker(config: AppConfig, services: Services, handlers: JobHandlers = buildHandlers(services, defaultWorkerId())): Promise<RunningWorker> {
  assertAllHandled(handlers);
  const workerId = defaultWorkerId();
  const connection = createRedis(config.redis.url, { forBullWorker: true });
  const workers = QUEUE_NAMES.map(
    (queue) =>
      new Worker(
        queue,
        async (job: Job) => {
          const name = job.name as JobName;
          const handler = handlers[name] as JobHandler<JobName> | undefined;
          if (!handler || JOB_DEFINITIONS[name]?.queue !== queue) {
            throw new UnrecoverableError(`no handler for job "${job.name}" on queue "${queue}"`);
          }
          const requestId = (job.data as { correlationId?: string })?.correlationId ?? `job:${job.id}`;
          await runWithContext({ requestId }, () =>
            handler(job.data, { jobId: job.id!, attempt: job.attemptsMade + 1, enqueuedAt: job.timestamp }),
          );
        },
        {
          connection,
          prefix: config.redis.queuePrefix,
          concurrency: config.worker.concurrency,
          autorun: true,
          lockDuration: config.ingest.lockSeconds * 1000,
          stalledInterval: config.ingest.lockSeconds * 1000,
          maxStalledCount: 100,
        },
      ),
  );
  for (const w of workers) {
    w.on('failed', (job, err) => log.warn('job failed', { queue: w.name, job: job?.name, jobId: job?.id, error: err.message }));
    w.on('error', (err) => log.error('worker error', { queue: w.name, error: err.message }));
  }
  await Promise.all(workers.map((w) => w.waitUntilReady()));
  log.info('worker started', { workerId, queues: QUEUE_NAMES, concurrency: config.worker.concurrency });
  return {
    workerId,
    async close() {
      await Promise.all(workers.map((w) => w.close()));
      connection.disconnect();
    },
  };
}

export function defaultWorkerId(): string {
  return `${hostname()}:${process.pid}`;
}
