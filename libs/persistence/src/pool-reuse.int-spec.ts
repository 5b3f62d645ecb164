import { Pool } from 'pg';
import { createTenancy } from '@ctxvault/tenancy';
import { createTenantWithKeys, testConfig, uniqueSlug } from '@ctxvault/testing';
import { createDataSource } from './data-source.factory';
import { Database } from './database';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * 50 concurrent, interleaved units of work across tenants over a pool of 2 connections, a third of
 * them failing mid-transaction: none sees another tenant's rows, and every connection handed back
 * to the pool carries no tenant.
 */
describe('tenant transactions on a reused pool (real PostgreSQL)', () => {
  const config = testConfig();

  it('never leaks a tenant across pooled connections, even when transactions fail midway', async () => {
    const ds = createDataSource({ url: config.database.url!, poolMax: 2 });
    await ds.initialize();
    const db = new Database(ds, { statementTimeoutMs: 5000 });
    const tenancy = createTenancy(db, { maxActiveKeys: 50, keyCacheSeconds: 0 });
    const tenants: Array<Awaited<ReturnType<typeof createTenantWithKeys>>> = [];
    for (let i = 0; i < 4; i++) tenants.push(await createTenantWithKeys(tenancy, uniqueSlug(`pool-${i}`), ['agent', 'security']));
    const pool = (ds.driver as unknown as { master: Pool }).master;
    const leaks: string[] = [];

    const probe = async () => {
      const client = await pool.connect();
      try {
        const r = await client.query(
          `SELECT current_setting('app.tenant_id', true) AS t, current_setting('app.platform', true) AS p,
                  current_setting('app.key_prefix', true) AS k, (SELECT count(*)::int FROM api_keys) AS visible`,
        );
        const row = r.rows[0];
        if ((row.t ?? '') !== '' || (row.p ?? '') !== '' || (row.k ?? '') !== '' || row.visible !== 0) leaks.push(JSON.stringify(row));
      } finally {
        client.release();
      }
    };

    let failures = 0;
    const work = Array.from({ length: 50 }, async (_, i) => {
      const t = tenants[i % tenants.length];
      await sleep((i * 7) % 13);
      try {
        await db.inTenant(t.tenantId, async (m) => {
          const rows: Array<{ tenant_id: string }> = await m.query(`SELECT tenant_id FROM api_keys`);
          if (rows.length !== 3 || rows.some((r) => r.tenant_id !== t.tenantId)) leaks.push(`task ${i} saw ${JSON.stringify(rows)}`);
          await sleep(i % 5);
          if (i % 3 === 0) throw new Error(`planned failure ${i}`);
          if (i % 3 === 1 && i % 2 === 0) await m.query(`SELECT 1/0`);
          const again: Array<{ n: number }> = await m.query(`SELECT count(*)::int AS n FROM tenants`);
          if (again[0].n !== 1) leaks.push(`task ${i} saw ${again[0].n} tenants`);
        });
      } catch {
        failures++;
      }
      await probe();
    });
    await Promise.all(work);
    // Every connection the pool holds, checked out at once.
    const clients = await Promise.all([pool.connect(), pool.connect()]);
    for (const c of clients) {
      const r = await c.query(`SELECT current_setting('app.tenant_id', true) AS t`);
      expect(r.rows[0].t ?? '').toBe('');
      c.release();
    }
    await ds.destroy();
    expect(failures).toBeGreaterThanOrEqual(17);
    expect(leaks).toEqual([]);
  });
});
