import { Database, HeartbeatRepository } from '@ctxvault/persistence';
import type { JobHandler } from '@ctxvault/queue';

/** Proves API → queue → worker → database: records that this worker processed a heartbeat. */
export function heartbeatHandler(db: Database, heartbeats: HeartbeatRepository, workerId: string): JobHandler<'heartbeat'> {
  return async (_payload, meta) => {
    await db.system(() => heartbeats.record(workerId, meta.jobId, new Date(meta.enqueuedAt)));
  };
}
