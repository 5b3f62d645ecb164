import { Client } from 'pg';
import { adminUrlForTestDb, createTenantWithKeys, testConfig, uniqueSlug } from '@ctxvault/testing';
import { createTenancy } from '@ctxvault/tenancy';
import { createDataSource } from './data-source.factory';
import { Database } from './database';
import { APP_ROLE } from './roles';

/** Isolation, checked in the catalog and by behaviour, on real PostgreSQL as the service role. */
describe('row level security (real PostgreSQL)', () => {
  const config = testConfig();
  let admin: Client;
  let app: Client;

  beforeAll(async () => {
    admin = new Client({ connectionString: adminUrlForTestDb(config) });
    app = new Client({ connectionString: config.database.url });
    await admin.connect();
    await app.connect();
  });
  afterAll(async () => {
    await admin.end();
    await app.end();
  });

  it('enables and forces RLS on every table with a tenant_id column, and on tenants', async () => {
    const { rows } = await admin.query(`
      SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity,
             (SELECT count(*) FROM pg_policy p WHERE p.polrelid = c.oid) AS policies
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
        AND (c.relname = 'tenants' OR EXISTS (
          SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped))`);
    expect(rows.length).toBeGreaterThanOrEqual(3);
    for (const r of rows) {
      expect({ table: r.relname, enabled: r.relrowsecurity, forced: r.relforcerowsecurity }).toEqual({
        table: r.relname,
        enabled: true,
        forced: true,
      });
      expect(Number(r.policies)).toBeGreaterThan(0);
    }
  });

  it('leads every primary, unique and foreign key of tenant tables with tenant_id', async () => {
    const { rows } = await admin.query(`
      SELECT c.relname, con.conname, con.contype, a.attname AS first_column
      FROM pg_constraint con
      JOIN pg_class c ON c.oid = con.conrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace
      JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = con.conkey[1]
      WHERE n.nspname = 'public' AND con.contype IN ('p', 'u', 'f')
        AND EXISTS (SELECT 1 FROM pg_attribute t WHERE t.attrelid = c.oid AND t.attname = 'tenant_id')`);
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect({ key: `${r.relname}.${r.conname}`, first: r.first_column }).toEqual({ key: `${r.relname}.${r.conname}`, first: 'tenant_id' });
  });

  it('connects the service as a role that owns nothing and is neither superuser nor BYPASSRLS', async () => {
    const who = await app.query(`SELECT current_user AS u`);
    expect(who.rows[0].u).toBe(APP_ROLE);
    const role = await admin.query(`SELECT rolsuper, rolbypassrls, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = $1`, [APP_ROLE]);
    expect(role.rows[0]).toEqual({ rolsuper: false, rolbypassrls: false, rolcreaterole: false, rolcreatedb: false });
    const owned = await admin.query(
      `SELECT c.relname FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner WHERE r.rolname = $1
       UNION ALL SELECT p.proname FROM pg_proc p JOIN pg_roles r ON r.oid = p.proowner WHERE r.rolname = $1
       UNION ALL SELECT n.nspname FROM pg_namespace n JOIN pg_roles r ON r.oid = n.nspowner WHERE r.rolname = $1`,
      [APP_ROLE],
    );
    expect(owned.rows).toEqual([]);
    await expect(app.query(`CREATE TABLE sneaky (id int)`)).rejects.toThrow(/permission denied/);
  });

  it('returns no rows at all when app.tenant_id is unset (fail closed)', async () => {
    const ds = createDataSource({ url: config.database.url!, poolMax: 1 });
    await ds.initialize();
    const tenancy = createTenancy(new Database(ds, { statementTimeoutMs: 5000 }), { maxActiveKeys: 10, keyCacheSeconds: 0 });
    await createTenantWithKeys(tenancy, uniqueSlug('rls'), ['agent']);
    await ds.destroy();
    for (const table of ['tenants', 'api_keys', 'admin_audit']) {
      const total = await admin.query(`SELECT count(*)::int AS n FROM ${table}`);
      expect(total.rows[0].n).toBeGreaterThan(0);
      const seen = await app.query(`SELECT count(*)::int AS n FROM ${table}`);
      expect({ table, rows: seen.rows[0].n }).toEqual({ table, rows: 0 });
    }
    await expect(app.query(`INSERT INTO tenants (id, slug, name) VALUES (gen_random_uuid(), 'rogue-tenant', 'x')`)).rejects.toThrow(
      /row-level security/,
    );
  });

  it('keeps the admin audit trail append-only for the service role', async () => {
    await app.query('BEGIN');
    try {
      await expect(app.query(`UPDATE admin_audit SET action = 'x'`)).rejects.toThrow(/permission denied/);
    } finally {
      await app.query('ROLLBACK');
    }
    await expect(app.query(`DELETE FROM admin_audit`)).rejects.toThrow(/permission denied/);
    await expect(app.query(`TRUNCATE admin_audit`)).rejects.toThrow(/permission denied/);
    await expect(app.query(`DELETE FROM api_keys`)).rejects.toThrow(/permission denied/);
  });

  it('sees only the tenant set for the transaction, and nothing after it ends', async () => {
    const ds = createDataSource({ url: config.database.url!, poolMax: 1 });
    await ds.initialize();
    const db = new Database(ds, { statementTimeoutMs: 5000 });
    const tenancy = createTenancy(db, { maxActiveKeys: 10, keyCacheSeconds: 0 });
    const a = await createTenantWithKeys(tenancy, uniqueSlug('rls-a'), ['agent']);
    const b = await createTenantWithKeys(tenancy, uniqueSlug('rls-b'), ['agent']);
    const seenByA: Array<{ tenant_id: string }> = await db.inTenant(a.tenantId, (m) => m.query(`SELECT tenant_id FROM api_keys`));
    expect(seenByA.length).toBe(2);
    expect(seenByA.every((r) => r.tenant_id === a.tenantId)).toBe(true);
    const crossWrite = db.inTenant(a.tenantId, (m) =>
      m.query(`INSERT INTO admin_audit (tenant_id, id, actor, action, target_type) VALUES ($1, gen_random_uuid(), 'x', 'x', 'x')`, [b.tenantId]),
    );
    await expect(crossWrite).rejects.toThrow(/row-level security/);
    const after = await ds.query(`SELECT current_setting('app.tenant_id', true) AS t, (SELECT count(*)::int FROM api_keys) AS n`);
    expect(after[0]).toEqual({ t: '', n: 0 });
    await ds.destroy();
  });
});
