import { Client } from 'pg';
import { openDatabase, OpenDatabase } from '@ctxvault/persistence';
import { createServices, Services } from '@ctxvault/services';
import { adminUrlForTestDb, createTenantWithKeys, docVersion, testConfig, uniqueSlug } from '@ctxvault/testing';
import { migrations } from '../../../migrations';
import { verifyBundle } from './bundle';
import { verifyEnvelope } from './dsse';
import { leafHash, verifyConsistency, verifyInclusion } from './merkle';
import { leafInputFor } from './leaf';
import { parseCheckpoint, parseVerifierKey, verifyNote } from './signed-note';

describe('provenance on real PostgreSQL', () => {
  const config = testConfig();
  let open: OpenDatabase;
  let s: Services;
  let admin: Client;

  beforeAll(async () => {
    open = await openDatabase(config, { applicationName: 'prov-test', migrations });
    s = createServices(config, open.db);
    admin = new Client({ connectionString: adminUrlForTestDb(config) });
    await admin.connect();
  });
  afterAll(async () => {
    await admin.end();
    await open.close();
  });

  const inTenant = <T>(id: string, fn: () => Promise<T>) => s.db.inTenant(id, fn);

  it('a new tenant starts with a key leaf and a signed checkpoint', async () => {
    const t = await createTenantWithKeys(s.tenancy, uniqueSlug('prov-new'));
    const { history, cp } = await inTenant(t.tenantId, async () => ({
      history: await s.provenance.keyring.history(),
      cp: await s.provenance.log.latestCheckpoint(),
    }));
    expect(history.keys).toHaveLength(1);
    expect(history.keys[0].leafIndex).toBe(0);
    expect(cp!.size).toBe(1);
    const vkey = parseVerifierKey(history.keys[0].vkey);
    const body = parseCheckpoint(verifyNote(cp!.note, [vkey]).text);
    expect(body.rootHash.equals(leafHash(leafInputFor('key', Buffer.from(history.keys[0].record, 'base64'))))).toBe(true);
  });

  it('records new, unchanged and changed versions, tombstones, and proves each leaf', async () => {
    const t = await createTenantWithKeys(s.tenancy, uniqueSlug('prov-ver'));
    const first = await inTenant(t.tenantId, () =>
      s.provenance.service.recordVersions([docVersion('a', 'alpha'), docVersion('b', 'beta'), docVersion('c', 'gamma')]),
    );
    expect(first.map((r) => r.status)).toEqual(['new', 'new', 'new']);
    expect(first.map((r) => r.leafIndex)).toEqual([1, 2, 3]);
    const second = await inTenant(t.tenantId, () => s.provenance.service.recordVersions([docVersion('a', 'alpha'), docVersion('b', 'beta v2')]));
    expect(second.map((r) => r.status)).toEqual(['unchanged', 'changed']);
    expect(second[0].leafIndex).toBe(1);
    expect(second[1]).toMatchObject({ version: 2, leafIndex: 4, documentId: first[1].documentId });
    const tomb = await inTenant(t.tenantId, () => s.provenance.service.tombstone(first[2].documentId, 'deleted at source'));
    expect(tomb!.leafIndex).toBe(5);
    expect(await inTenant(t.tenantId, () => s.provenance.service.tombstone(first[2].documentId, 'again'))).toBeNull();

    // The parent link: version 2's statement names version 1's envelope hash.
    const p2 = await inTenant(t.tenantId, () => s.provenance.service.provenanceOf(first[1].documentId));
    const history = await inTenant(t.tenantId, () => s.provenance.keyring.history());
    const keys = new Map(history.keys.map((k) => [k.keyId, Buffer.from(k.publicKey, 'base64')]));
    const { payload } = verifyEnvelope(Buffer.from(p2.envelope, 'base64'), (id) => keys.get(id) ?? null);
    const statement = JSON.parse(payload.toString());
    expect(statement.predicate.parentVersion.envelopeSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(statement.predicate.document.version).toBe(2);
    expect(statement.predicate.salt).toHaveLength(44);

    // Inclusion of every leaf in the latest checkpoint, and consistency between all checkpoint sizes.
    const cp = p2.checkpoint;
    const root = Buffer.from(cp.rootHash, 'base64');
    const leaves = await admin.query(`SELECT leaf_index::int AS i, leaf_hash FROM log_leaves WHERE tenant_id = $1 ORDER BY leaf_index`, [t.tenantId]);
    for (const l of leaves.rows.filter((r) => r.i < cp.size)) {
      const proof = await inTenant(t.tenantId, () => s.provenance.log.inclusionProof(l.i, cp.size));
      expect(() => verifyInclusion(l.i, cp.size, l.leaf_hash, proof, root)).not.toThrow();
    }
    for (let m = 1; m <= cp.size; m++) {
      const rootM = await inTenant(t.tenantId, () => s.provenance.log.root(m));
      const proof = await inTenant(t.tenantId, () => s.provenance.log.consistencyProof(m, cp.size));
      expect(() => verifyConsistency(m, cp.size, proof, rootM, root)).not.toThrow();
    }
    const report = await inTenant(t.tenantId, () => s.provenance.verifier.verify());
    expect(report.failures).toEqual([]);
    expect(report.checked).toMatchObject({ leaves: 6, statements: 5, keys: 1 });
  });

  it('keeps the log append-only and gap-free for the service role', async () => {
    const t = await createTenantWithKeys(s.tenancy, uniqueSlug('prov-ro'));
    const app = new Client({ connectionString: config.database.url });
    await app.connect();
    try {
      await app.query('BEGIN');
      await app.query(`SELECT set_config('app.tenant_id', $1, true)`, [t.tenantId]);
      for (const sql of [`UPDATE log_leaves SET kind = 'audit'`, `DELETE FROM log_nodes`, `TRUNCATE log_checkpoints`, `UPDATE statements SET key_id = 'x'`, `DELETE FROM log_leaves`]) {
        await app.query('SAVEPOINT s');
        await expect(app.query(sql)).rejects.toThrow(/permission denied/);
        await app.query('ROLLBACK TO SAVEPOINT s');
      }
      await expect(
        app.query(`INSERT INTO log_leaves (tenant_id, leaf_index, kind, leaf_input, leaf_hash) VALUES ($1, 5, 'audit', '\\x00', '\\x00')`, [t.tenantId]),
      ).rejects.toThrow(/would not be contiguous \(next index is 1\)/);
    } finally {
      await app.query('ROLLBACK');
      await app.end();
    }
  });

  it('exports bundles that verify offline, and fail on any changed byte naming the step', async () => {
    const t = await createTenantWithKeys(s.tenancy, uniqueSlug('prov-bundle'));
    const [r] = await inTenant(t.tenantId, () => s.provenance.service.recordVersions([docVersion('runbook', 'Restart the API with `systemctl restart api`.')]));
    const bundle = Buffer.from(await inTenant(t.tenantId, () => s.provenance.service.bundleOf(r.documentId, true)));
    const keys = Buffer.from(JSON.stringify(await inTenant(t.tenantId, () => s.provenance.keyring.history())));
    expect(verifyBundle(bundle, keys)).toMatchObject({ ok: true, documentId: r.documentId, contentVerified: true });
    const steps = new Set<string>();
    for (let i = 0; i < bundle.length; i++) {
      const changed = Buffer.from(bundle);
      changed[i] = changed[i] === 0x41 ? 0x42 : 0x41;
      let step = '';
      try {
        verifyBundle(changed, keys);
      } catch (e) {
        step = (e as { step?: string }).step ?? 'other';
      }
      if (!step) throw new Error(`changing byte ${i} (${JSON.stringify(bundle.subarray(Math.max(0, i - 10), i + 10).toString())}) went unnoticed`);
      steps.add(step);
    }
    expect([...steps]).toEqual(expect.arrayContaining(['bundle', 'envelope signature', 'checkpoint signature', 'inclusion proof', 'content']));
  });
});
