import type { JobHandler } from '@ctxvault/queue';
import type { Services } from '@ctxvault/services';

/** Delivers a tenant's undelivered checkpoints to its webhooks; a failed delivery fails the job (retried with backoff). */
export function checkpointPublishHandler(services: Services): JobHandler<'checkpoint.publish'> {
  return async (payload) => {
    await services.provenance.webhooks.publish(payload.tenantId);
  };
}
