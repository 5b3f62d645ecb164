import { openDatabase, OpenDatabase } from '@ctxvault/persistence';
import { createServices, Services } from '@ctxvault/services';
import { createTenantWithKeys, docVersion, testConfig, uniqueSlug } from '@ctxvault/testing';
import { migrations } from '../../../migrations';
import { inclusionPlan, refsOf } from './merkle';
import { RECEIPT_TYPE, ReceiptBody } from './receipt';

/**
 * The reads and writes a search merges to save round trips: its audit leaf written with the COMMIT,
 * and the provenance of its documents read with the tenant's signing keys. Each must give exactly
 * what the separate statements gave.
 */
describe('serving reads and the audit leaf written with COMMIT (real PostgreSQL)', () => {
  const config = testConfig();
  let open: OpenDatabase;
  let s: Services;

  beforeAll(async () => {
    open = await openDatabase(config, { applicationName: 'serving-reads-test', migrations });
    s = createServices(config, open.db);
  });
  afterAll(() => open.close());

  const body = (tenant: string, n: number): ReceiptBody => ({
    _type: RECEIPT_TYPE,
    tenant,
    principal: { keyId: '00000000-0000-4000-8000-000000000001', keyName: 'k', role: 'agent', channel: 'http' },
    at: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(),
    queryHash: n.toString(16).padStart(64, '0'),
    results: [],
    withheld: [],
    flags: [],
    policy: { version: 'test', withholdSeverities: ['high', 'critical'] },
  });

  it('writes audit leaves with COMMIT into the same tree as ordinary appends: the whole store verifies', async () => {
    const t = await createTenantWithKeys(s.tenancy, uniqueSlug('at-commit'));
    const leaves: number[] = [];
    await s.db.inTenant(t.tenantId, () => s.provenance.service.recordVersions([docVersion('a', 'first'), docVersion('b', 'second')]));
    // Leaf counts that complete perfect subtrees of several heights (nodes written with the leaf).
    for (let n = 0; n < 7; n++) {
      leaves.push(await s.db.inTenant(t.tenantId, async () => (await s.provenance.service.recordRead(body(t.tenantId, n))).leafIndex));
    }
    await s.db.inTenant(t.tenantId, () => s.provenance.service.recordVersions([docVersion('c', 'third')]));
    const size = await s.db.inTenant(t.tenantId, () => s.provenance.log.size());
    expect(leaves).toEqual(leaves.map((_, i) => leaves[0] + i));
    expect(size).toBe(leaves[leaves.length - 1] + 2);
    await s.db.inTenant(t.tenantId, () => s.provenance.service.checkpointNow());
    const report = await s.db.inTenant(t.tenantId, () => s.provenance.verifier.verify());
    expect(report.failures).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.treeSize).toBe(size);
  });

  it('refuses a log append after an audit leaf waiting for COMMIT, and writes nothing of that transaction', async () => {
    const t = await createTenantWithKeys(s.tenancy, uniqueSlug('after-commit-append'));
    const before = await s.db.inTenant(t.tenantId, () => s.provenance.log.size());
    await expect(
      s.db.inTenant(t.tenantId, async () => {
        await s.provenance.service.recordRead(body(t.tenantId, 1));
        await s.provenance.service.recordVersions([docVersion('late', 'appended after the read')]);
      }),
    ).rejects.toThrow(/writes waiting for its commit/);
    expect(await s.db.inTenant(t.tenantId, () => s.provenance.log.size())).toBe(before);
  });

  it('reads the provenance of served documents and the signing keys in one go, as the separate reads give them', async () => {
    const t = await createTenantWithKeys(s.tenancy, uniqueSlug('for-serving'));
    const recorded = await s.db.inTenant(t.tenantId, () => s.provenance.service.recordVersions([docVersion('x', 'one'), docVersion('y', 'two'), docVersion('z', 'three')]));
    await s.db.inTenant(t.tenantId, () => s.provenance.keyring.rotate());
    const ids = recorded.map((r) => r.documentId).reverse();
    const [merged, views, keys] = await s.db.inTenant(t.tenantId, async () => [
      await s.provenance.service.forServing(ids),
      await s.provenance.service.provenanceOfDocuments(ids),
      await s.provenance.keyring.snapshot(),
    ] as const);
    expect(merged.views).toEqual(views);
    // The proofs read with the statements are those the log's own proof read gives.
    const separate = await s.db.inTenant(t.tenantId, () => s.provenance.log.inclusionProofs(views.map((v) => v.leafIndex), views[0].inclusionProof.treeSize));
    expect(merged.views.map((v) => v.inclusionProof.hashes)).toEqual(separate.map((p) => p.map((h) => h.toString('base64'))));
    expect(merged.views.every((v) => v.inclusionProof.hashes.length > 0)).toBe(true);
    expect(merged.views.map((v) => v.documentId)).toEqual(ids);
    expect(merged.keys.history).toEqual(keys.history);
    expect(merged.keys.history.keys).toHaveLength(2);
    expect(merged.keys.active.keyId).toBe(keys.active.keyId);
    expect(merged.keys.active.keyId).toBe(merged.keys.history.keys[1].keyId);
    // No documents: the keys alone.
    const none = await s.db.inTenant(t.tenantId, () => s.provenance.service.forServing([]));
    expect(none.views).toEqual([]);
    expect(none.keys.history).toEqual(keys.history);
  });

  it('takes the log append lock with the serving read: the frontier the append would read, held until COMMIT, and the receipt lands on it', async () => {
    const t = await createTenantWithKeys(s.tenancy, uniqueSlug('serving-lock'));
    const recorded = await s.db.inTenant(t.tenantId, () => s.provenance.service.recordVersions([docVersion('p', 'one'), docVersion('q', 'two'), docVersion('r', 'three')]));
    const ids = recorded.map((r) => r.documentId);
    const before = await s.db.inTenant(t.tenantId, () => s.provenance.log.size());
    // Three searches in a row, each on a log of another size (frontiers of other shapes).
    for (let n = 0; n < 3; n++) {
      let taken: { size: number; frontier: Map<string, Buffer> } | undefined;
      let separate: { size: number; frontier: Map<string, Buffer> } | undefined;
      let other = false;
      let locked!: () => void;
      let release!: () => void;
      const isLocked = new Promise<void>((r) => (locked = r));
      const released = new Promise<void>((r) => (release = r));
      const search = s.db.inTenant(t.tenantId, async () => {
        const read = await s.provenance.service.forServing(ids, true);
        taken = read.appendLock;
        locked();
        await released;
        separate = await s.provenance.log['repo'].lockForAppend();
        return (await s.provenance.service.recordRead(body(t.tenantId, n), read.keys.active, read.appendLock)).leafIndex;
      });
      await isLocked;
      // Another transaction's append waits for the search's COMMIT.
      const otherAppend = s.db.inTenant(t.tenantId, () => s.provenance.service.recordRead(body(t.tenantId, 100 + n))).then((r) => ((other = true), r.leafIndex));
      await new Promise((r) => setTimeout(r, 300));
      expect(other).toBe(false);
      release();
      const leaf = await search;
      expect(await otherAppend).toBe(leaf + 1);
      expect(other).toBe(true);
      expect(taken).toBeDefined();
      expect(taken).toEqual(separate);
      expect(leaf).toBe(taken!.size);
    }
    // Without the flag, no lock rides on the read.
    expect((await s.db.inTenant(t.tenantId, () => s.provenance.service.forServing(ids))).appendLock).toBeUndefined();
    await s.db.inTenant(t.tenantId, () => s.provenance.service.checkpointNow());
    const report = await s.db.inTenant(t.tenantId, () => s.provenance.verifier.verify());
    expect(report.failures).toEqual([]);
    expect(report.treeSize).toBe(before + 6);
  });

  it('names in SQL the stored subtrees an inclusion proof needs, as the service plans them', async () => {
    const pairs: Array<[number, number]> = [];
    for (let n = 1; n <= 70; n++) for (let m = 0; m < n; m++) pairs.push([m, n]);
    for (const n of [1_000_003, 2 ** 31 + 5, 9_007_199_254_740]) for (const m of [0, 1, Math.floor(n / 3), n - 2, n - 1]) pairs.push([m, n]);
    const rows = await s.db.system(() =>
      s.db.manager('system').query(
        `SELECT p.m::float8 AS m, p.n::float8 AS n, coalesce(array_agg(r.level::text || ':' || r.idx::text ORDER BY r.level, r.idx) FILTER (WHERE r.level IS NOT NULL), '{}') AS refs
         FROM unnest($1::bigint[], $2::bigint[]) AS p(m, n) LEFT JOIN LATERAL ctxvault_inclusion_refs(p.m, p.n) r ON true GROUP BY p.m, p.n`,
        [pairs.map((p) => p[0]), pairs.map((p) => p[1])],
      ),
    );
    const got = new Map(rows.map((r: { m: number; n: number; refs: string[] }) => [`${r.m}/${r.n}`, r.refs]));
    const key = (x: string) => x.split(':').map(Number);
    for (const [m, n] of pairs) {
      const want = refsOf(inclusionPlan(m, n)).map((r) => `${r.level}:${r.index}`).sort((a, b) => key(a)[0] - key(b)[0] || key(a)[1] - key(b)[1]);
      expect([m, n, got.get(`${m}/${n}`)]).toEqual([m, n, want]);
    }
    // Outside the tree: nothing.
    const outside = await s.db.system(() => s.db.manager('system').query(`SELECT count(*)::int AS c FROM ctxvault_inclusion_refs(5, 5)`));
    expect(outside[0].c).toBe(0);
  });
});
