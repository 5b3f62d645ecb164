import { Pool } from 'pg';
import { createTenancy } from '@ctxvault/tenancy';
import { createTenantWithKeys, testConfig, uniqueSlug } from '@ctxvault/testing';
import { newId } from '@ctxvault/common';
import { createDataSource } from './data-source.factory';
import { Database } from './database';
import { ApiKeyRepository } from './repositories/api-key.repository';
import { ReadRepository, ReadRow } from './repositories/read.repository';

/**
 * The shortcuts of the serving path that save round trips: the API key lookup as one message (no
 * BEGIN/COMMIT), BEGIN and the scope's settings sent with the first statement, and the search's
 * read record sent with COMMIT. All must keep the scope rules and the all-or-nothing of a transaction.
 */
describe('one-message reads and writes sent with COMMIT (real PostgreSQL)', () => {
  const config = testConfig();
  let ds: ReturnType<typeof createDataSource>;
  let db: Database;
  let pool: Pool;
  let t: Awaited<ReturnType<typeof createTenantWithKeys>>;

  beforeAll(async () => {
    ds = createDataSource({ url: config.database.url!, poolMax: 1 });
    await ds.initialize();
    db = new Database(ds, { statementTimeoutMs: 5000 });
    pool = (ds.driver as unknown as { master: Pool }).master;
    t = await createTenantWithKeys(createTenancy(db, { maxActiveKeys: 50, keyCacheSeconds: 0 }), uniqueSlug('round-trips'), ['agent']);
  });
  afterAll(() => ds.destroy());

  /** The single pooled connection carries no scope setting after use. */
  async function connectionIsClean() {
    const c = await pool.connect();
    try {
      const r = await c.query(`SELECT current_setting('app.tenant_id', true) AS t, current_setting('app.key_prefix', true) AS k, (SELECT count(*)::int FROM api_keys) AS visible`);
      expect({ t: r.rows[0].t ?? '', k: r.rows[0].k ?? '', visible: r.rows[0].visible }).toEqual({ t: '', k: '', visible: 0 });
    } finally {
      c.release();
    }
  }

  it('looks a key up by prefix in one message: only that prefix is visible, and nothing stays on the connection', async () => {
    const keys = new ApiKeyRepository(db);
    const prefix = t.keys.agent.key.split('_')[1];
    const found = await keys.findByPrefix(prefix);
    expect(found.map((k) => k.id)).toEqual([t.keys.agent.id]);
    expect(Buffer.isBuffer(found[0].secretHash)).toBe(true);
    // A prefix with a quote is a literal, not SQL.
    expect(await keys.findByPrefix(`x' OR true --`)).toEqual([]);
    await connectionIsClean();
    // The scope still sees only its prefix: a read of every key returns none of the other prefixes.
    const all = await db.readOnce<{ n: number }>('key-lookup', { 'app.key_prefix': prefix }, `SELECT count(*)::int AS n FROM api_keys`);
    expect(all[0].n).toBe(1);
    await expect(db.readOnce('key-lookup', { 'app.key_prefix': prefix }, `SELECT 1/0`)).rejects.toThrow(/division by zero/);
    await connectionIsClean();
  });

  const row = (leafIndex: number): ReadRow => ({
    id: newId(),
    keyId: t.keys.agent.id,
    keyName: `it's a key`,
    role: 'agent',
    channel: 'http',
    at: new Date('2026-01-02T03:04:05.678Z'),
    querySha256: Buffer.alloc(32, 7),
    resultCount: 3,
    withheldCount: 1,
    leafIndex,
    receipt: Buffer.from([0, 1, 2, 0x27, 0x5c, 255]),
  });

  it.each([
    ['on', 900_001],
    ['off', 900_005],
  ])('writes a read record with COMMIT, byte for byte (standard_conforming_strings %s)', async (conforming, leaf) => {
    const c = await pool.connect();
    await c.query(`SET standard_conforming_strings = ${conforming}`);
    c.release();
    try {
      const reads = new ReadRepository(db);
      const r = { ...row(leaf), keyName: `it's a \\ key \\' ); DROP TABLE reads; --` };
      await db.inTenant(t.tenantId, async () => reads.insert(r));
      const back = await db.inTenant(t.tenantId, () => reads.list({ keyId: t.keys.agent.id, limit: 10 }));
      const got = back.find((x) => x.id === r.id)!;
      expect(got).toBeDefined();
      expect({ ...got, at: new Date(got.at).toISOString() }).toEqual({ ...r, at: r.at.toISOString() });
      await connectionIsClean();
    } finally {
      const c2 = await pool.connect();
      await c2.query('RESET standard_conforming_strings');
      c2.release();
    }
  });

  it('rolls the whole transaction back when a statement sent with COMMIT fails', async () => {
    const reads = new ReadRepository(db);
    const early = row(900_002);
    const late = row(900_003);
    await expect(
      db.inTenant(t.tenantId, async (m) => {
        await m.query(
          `INSERT INTO reads (tenant_id, id, key_id, key_name, role, channel, at, query_sha256, result_count, withheld_count, leaf_index, receipt)
           VALUES ($1, $2, $3, 'k', 'agent', 'http', now(), $4, 0, 0, 900002, $5)`,
          [t.tenantId, early.id, early.keyId, early.querySha256, early.receipt],
        );
        reads.insert(late);
        db.withCommit('SELECT 1/0');
      }),
    ).rejects.toThrow(/division by zero/);
    const back = await db.inTenant(t.tenantId, () => reads.list({ keyId: t.keys.agent.id, limit: 100 }));
    expect(back.map((x) => x.id)).not.toContain(early.id);
    expect(back.map((x) => x.id)).not.toContain(late.id);
    await connectionIsClean();
    // The connection is usable afterwards.
    await db.inTenant(t.tenantId, async () => reads.insert(row(900_004)));
  });

  it('sends BEGIN and the tenant setting with the first statement, whichever way it is sent, all in one transaction', async () => {
    const probe = `SELECT current_setting('app.tenant_id', true) AS t, txid_current()::text AS x`;
    const ways: Record<string, () => Promise<Array<{ t: string; x: string }>>> = {
      readFirst: () => db.readFirst(probe),
      prepared: () => db.preparedQuery(probe, []),
      manager: () => db.manager().query(probe),
    };
    for (const [name, first] of Object.entries(ways)) {
      const [a, b, c] = await db.inTenant(t.tenantId, async (m) => [(await first())[0], (await db.readFirst<{ t: string; x: string }>(probe))[0], (await m.query(probe))[0]]);
      expect({ name, t: a.t }).toEqual({ name, t: t.tenantId });
      expect({ name, same: b.x === a.x && c.x === a.x }).toEqual({ name, same: true });
    }
    // Statements started together, before the opening went out: every one runs after it, in the transaction.
    const together = await db.inTenant(t.tenantId, (m) => Promise.all([m.query(probe), db.preparedQuery<{ t: string; x: string }>(probe, []), m.query(probe), db.preparedQuery<{ t: string; x: string }>(probe, [])]));
    const rows = together.map((r) => (r as Array<{ t: string; x: string }>)[0]);
    expect(rows.map((r) => r.t)).toEqual(rows.map(() => t.tenantId));
    expect(new Set(rows.map((r) => r.x)).size).toBe(1);
    await connectionIsClean();
  });

  it('rolls back when the first statement, sent with BEGIN, fails; writes only at commit still land; a unit of work that sends nothing sends nothing', async () => {
    const reads = new ReadRepository(db);
    const lost = row(900_006);
    await expect(
      db.inTenant(t.tenantId, async () => {
        reads.insert(lost);
        await db.readFirst('SELECT 1/0');
      }),
    ).rejects.toThrow(/division by zero/);
    await connectionIsClean();
    const kept = row(900_007);
    await db.inTenant(t.tenantId, async () => reads.insert(kept));
    const back = await db.inTenant(t.tenantId, () => reads.list({ keyId: t.keys.agent.id, limit: 100 }));
    expect(back.map((x) => x.id)).toContain(kept.id);
    expect(back.map((x) => x.id)).not.toContain(lost.id);
    // The pool's one connection, counting what is sent on it.
    const c = await pool.connect();
    const sent: string[] = [];
    const original = c.query.bind(c);
    (c as unknown as { query: unknown }).query = (q: unknown, ...rest: unknown[]) => {
      sent.push(typeof q === 'string' ? q : String((q as { text?: string }).text));
      return (original as (...a: unknown[]) => unknown)(q, ...rest);
    };
    c.release();
    try {
      expect(await db.inTenant(t.tenantId, async () => 'nothing sent')).toBe('nothing sent');
      expect(sent).toEqual([]);
      await db.inTenant(t.tenantId, () => db.readFirst('SELECT 1'));
      expect(sent).toHaveLength(2);
      expect(sent[0]).toMatch(/^BEGIN; SELECT set_config\('statement_timeout'.*; SELECT 1$/s);
      expect(sent[1]).toBe('COMMIT');
    } finally {
      (c as unknown as { query: unknown }).query = original;
    }
    await connectionIsClean();
  });
});
