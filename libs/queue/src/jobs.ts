import type { JobsOptions } from 'bullmq';

/** Queue names. A worker process consumes each queue with one processor. */
export const QUEUE_NAMES = ['system', 'provenance', 'ingest'] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

/** Payloads carry ids and timestamps, never document bodies. */
export interface JobPayloads {
  heartbeat: { requestedBy: string; correlationId?: string };
  /** Deliver the tenant's checkpoints that its webhooks have not received yet. */
  'checkpoint.publish': { tenantId: string; correlationId?: string };
  /** Sync a source: a run id when queued by hand, none when the schedule fires (the worker opens a run). */
  'source.sync': { tenantId: string; sourceId: string; runId?: string; correlationId?: string };
  /** Process the documents staged by one push request (sync run `runId`). */
  'ingest.push': { tenantId: string; runId: string; correlationId?: string };
  /** A vendor event about one item (a Slack thread, say): fetch it now, or tombstone it. */
  'source.item': { tenantId: string; sourceId: string; item: { channel?: string; ts?: string; id?: string }; action: 'upsert' | 'delete'; correlationId?: string };
  /** Re-scan the tenant's stored content with the current detectors (rescan `rescanId` records progress). */
  'flags.rescan': { tenantId: string; rescanId: string; correlationId?: string };
}
export type JobName = keyof JobPayloads;

export interface JobDefinition {
  queue: QueueName;
  options: JobsOptions;
}

/** The api ↔ worker contract: every job, its queue and its options. */
export const JOB_DEFINITIONS: { [N in JobName]: JobDefinition } = {
  heartbeat: {
    queue: 'system',
    options: { removeOnComplete: true, removeOnFail: { count: 100 }, attempts: 1 },
  },
  'source.sync': {
    queue: 'ingest',
    options: { removeOnComplete: true, removeOnFail: true, attempts: 5, backoff: { type: 'exponential', delay: 5000 } },
  },
  'source.item': {
    queue: 'ingest',
    options: { removeOnComplete: true, removeOnFail: { count: 1000 }, attempts: 5, backoff: { type: 'exponential', delay: 1000 } },
  },
  'ingest.push': {
    queue: 'ingest',
    options: { removeOnComplete: true, removeOnFail: true, attempts: 5, backoff: { type: 'exponential', delay: 5000 } },
  },
  'flags.rescan': {
    queue: 'ingest',
    options: { removeOnComplete: true, removeOnFail: { count: 100 }, attempts: 3, backoff: { type: 'exponential', delay: 5000 } },
  },
  'checkpoint.publish': {
    queue: 'provenance',
    options: { removeOnComplete: true, removeOnFail: { count: 1000 }, attempts: 8, backoff: { type: 'exponential', delay: 2000 } },
  },
};

export const JOB_NAMES = Object.keys(JOB_DEFINITIONS) as JobName[];

export interface JobMeta {
  jobId: string;
  attempt: number;
  /** When the job was enqueued (ms since epoch). */
  enqueuedAt: number;
}
export type JobHandler<N extends JobName> = (payload: JobPayloads[N], meta: JobMeta) => Promise<void>;
export type JobHandlers = { [N in JobName]?: JobHandler<N> };

/** Throws when a declared job has no handler, naming every missing one. */
export function assertAllHandled(handlers: JobHandlers): void {
  const missing = JOB_NAMES.filter((n) => typeof handlers[n] !== 'function');
  if (missing.length) {
    throw new Error(`worker refuses to start: no handler for declared job(s): ${missing.join(', ')}`);
  }
  const unknown = Object.keys(handlers).filter((n) => !(n in JOB_DEFINITIONS));
  if (unknown.length) throw new Error(`worker refuses to start: handlers for undeclared job(s): ${unknown.join(', ')}`);
}
