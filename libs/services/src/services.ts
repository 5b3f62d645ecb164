import type { AppConfig } from '@ctxvault/config';
import { Database } from '@ctxvault/persistence';
import { createProvenance, loadMasterKey, Provenance } from '@ctxvault/provenance';
import { createTenancy, Tenancy } from '@ctxvault/tenancy';

/** The domain services of one process, over one Database: what the API, the worker and the CLI share. */
export interface Services {
  config: AppConfig;
  db: Database;
  tenancy: Tenancy;
  provenance: Provenance;
}

export function createServices(config: AppConfig, db: Database): Services {
  const master = loadMasterKey({ configured: config.provenance.masterKey, embedded: config.embedded, dataDir: config.database.dataDir });
  const provenance = createProvenance(db, master, config.provenance.logOriginPrefix, {
    maxPerTenant: config.provenance.maxWebhooks,
    timeoutMs: config.provenance.webhookTimeoutMs,
    allowPrivate: config.provenance.webhookAllowPrivate,
  });
  const tenancy = createTenancy(db, {
    maxActiveKeys: config.auth.maxKeysPerTenant,
    keyCacheSeconds: config.auth.keyCacheSeconds,
    // A new tenant gets its first signing key (a `key` leaf) and a first checkpoint at once.
    onTenantCreated: async () => {
      await provenance.service.checkpointNow();
    },
  });
  return { config, db, tenancy, provenance };
}
