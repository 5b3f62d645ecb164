import { Logger } from '@ctxvault/common';
import { JOB_DEFINITIONS, JobHandler } from '@ctxvault/queue';
import type { Services } from '@ctxvault/services';

const log = new Logger('rescan');

/**
 * Re-scans a tenant's current versions with the current detectors, one batch per transaction
 * (progress visible after each). A retry starts over: batches already scanned find their flags in
 * place and change nothing. After the last attempt fails, the rescan is marked failed with the error.
 */
export function flagsRescanHandler(services: Services): JobHandler<'flags.rescan'> {
  const attempts = JOB_DEFINITIONS['flags.rescan'].options.attempts ?? 1;
  return async ({ tenantId, rescanId }, meta) => {
    const db = services.db;
    const row = await db.inTenant(tenantId, () => services.rescan.begin(rescanId));
    if (!row) return;
    let last: string | null = null;
    let done = 0;
    try {
      for (;;) {
        const r: { last: string | null; done: number } = await db.inTenant(tenantId, () => services.rescan.scanBatch(rescanId, last, done));
        if (!r.last) break;
        last = r.last;
        done = r.done;
      }
      await db.inTenant(tenantId, () => services.rescan.finish(rescanId, null));
      log.info('rescan done', { tenantId, rescanId, versions: done });
    } catch (e) {
      const message = (e as Error).message;
      log.warn('rescan batch failed', { tenantId, rescanId, attempt: meta.attempt, error: message });
      if (meta.attempt >= attempts) await db.inTenant(tenantId, () => services.rescan.finish(rescanId, message));
      throw e;
    }
  };
}
