import { AppConfig } from '@ctxvault/config';
import { openDatabase, OpenDatabase } from '@ctxvault/persistence';
import { createServices, Services } from '@ctxvault/services';
import { createRedis, QueueClient } from '@ctxvault/queue';
import { Tenancy } from '@ctxvault/tenancy';
import { RunningApi, startApi } from '../../../apps/api/src/server';
import { startWorker } from '../../../apps/worker/src/worker';
import { migrations } from '../../../migrations';
import { testConfig } from './env';

export interface TestApp {
  config: AppConfig;
  url: string;
  tenancy: Tenancy;
  services: Services;
  database: OpenDatabase;
  api: RunningApi;
  close(): Promise<void>;
}

let apps = 0;

/**
 * The whole service (API on a free port + worker) against the test database and Redis. Each app gets
 * its own queue prefix, so test files running side by side never process each other's jobs.
 */
export async function startTestApp(overrides: Record<string, string> = {}, opts: { worker?: boolean } = {}): Promise<TestApp> {
  const config = testConfig({ QUEUE_PREFIX: `ctxvault-test-${process.pid}-${++apps}`, ...overrides });
  const database = await openDatabase(config, { applicationName: 'ctxvault-test', migrations });
  const queueConn = createRedis(config.redis.url);
  const queue = new QueueClient(queueConn, config.redis.queuePrefix);
  const services = createServices(config, database.db, { queue });
  const worker = opts.worker === false ? null : await startWorker(config, services);
  const api = await startApi(config, services, { port: 0 });
  return {
    config,
    url: api.url,
    tenancy: api.tenancy,
    services,
    database,
    api,
    async close() {
      await api.close();
      await worker?.close();
      await queue.close();
      queueConn.disconnect();
      await database.close();
    },
  };
}

/** A tenant with one key per requested role. */
export async function createTenantWithKeys(
  tenancy: Tenancy,
  slug: string,
  roles: Array<'admin' | 'agent' | 'security' | 'ingest'> = [],
): Promise<{ tenantId: string; slug: string; adminKey: string; adminKeyId: string; keys: Record<string, { key: string; id: string }> }> {
  const { tenant, adminKey, adminKeyInfo } = await tenancy.tenants.create(slug, undefined, 'test');
  const keys: Record<string, { key: string; id: string }> = {};
  for (const role of roles) {
    const { key, apiKey } = await tenancy.db.inTenant(tenant.id, () => tenancy.keys.create({ role }, 'test'));
    keys[role] = { key, id: apiKey.id };
  }
  return { tenantId: tenant.id, slug: tenant.slug, adminKey, adminKeyId: adminKeyInfo.id, keys };
}

export function uniqueSlug(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}
