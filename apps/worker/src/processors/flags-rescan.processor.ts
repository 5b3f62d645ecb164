import { Logger } from '@ctxvault/common';
import { JOB_DEFINITIONS, JobHandler } from '@ctxvault/queue';
import type { Services } from '@ctxvault/services';

const log = new Logger('rescan');

/**
 * Re-scans a tenant's current versions with the current detectors (RescanService.runToEnd). After the
 * last attempt fails, the rescan is marked failed with the error.
 */
export function flagsRescanHandler(services: Services): JobHandler<'flags.rescan'> {
  const attempts = JOB_DEFINITIONS['flags.rescan'].options.attempts ?? 1;
  return async ({ tenantId, rescanId }, meta) => {
    try {
      const view = await services.rescan.runToEnd(tenantId, rescanId, { recordFailure: () => meta.attempt >= attempts });
      if (view) log.info('rescan done', { tenantId, rescanId, versions: view.progress.done });
    } catch (e) {
      log.warn('rescan batch failed', { tenantId, rescanId, attempt: meta.attempt, error: (e as Error).message });
      throw e;
    }
  };
}
