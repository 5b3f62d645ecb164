import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { openDatabase, OpenDatabase } from '@ctxvault/persistence';
import { createServices, Services } from '@ctxvault/services';
import { adminUrlForTestDb, createTenantWithKeys, docVersion, testConfig, uniqueSlug } from '@ctxvault/testing';
import { migrations } from '../../../migrations';
import { verifyBundle, verifyLogExtends } from './bundle';
import { verifyEnvelope } from './dsse';
import { parseVerifierKey, verifyNote } from './signed-note';

const run = promisify(execFile);
const root = join(__dirname, '..', '..', '..');

describe('log history on real PostgreSQL', () => {
  const config = testConfig();
  let open: OpenDatabase;
  let s: Services;
  let admin: Client;

  beforeAll(async () => {
    open = await openDatabase(config, { applicationName: 'history-test', migrations });
    s = createServices(config, open.db);
    admin = new Client({ connectionString: adminUrlForTestDb(config) });
    await admin.connect();
  });
  afterAll(async () => {
    await admin.end();
    await open.close();
  });

  async function seeded(prefix: string, batches: number) {
    const t = await createTenantWithKeys(s.tenancy, uniqueSlug(prefix));
    for (let b = 0; b < batches; b++) {
      await s.db.inTenant(t.tenantId, () =>
        s.provenance.service.recordVersions([docVersion(`d${b}a`, `batch ${b} a`), docVersion(`d${b}b`, `batch ${b} b`)]),
      );
    }
    return t;
  }

  const latest = (tenantId: string) => s.db.inTenant(tenantId, async () => (await s.provenance.log.latestCheckpoint())!);
  const keysOf = async (tenantId: string) => Buffer.from(JSON.stringify(await s.db.inTenant(tenantId, () => s.provenance.keyring.history())));

  it('proves an honest log extends a kept checkpoint (library and CLI)', async () => {
    const t = await seeded('honest', 3);
    const c1 = await latest(t.tenantId);
    await s.db.inTenant(t.tenantId, () => s.provenance.service.recordVersions([docVersion('later', 'appended after C1')]));
    const c2 = await latest(t.tenantId);
    const proof = await s.db.inTenant(t.tenantId, () => s.provenance.log.consistencyProof(c1.size, c2.size));
    expect(verifyLogExtends(c1.note, c2.note, proof.map((h) => h.toString('base64')), await keysOf(t.tenantId))).toEqual({ from: c1.size, to: c2.size });
    const dir = mkdtempSync(join(tmpdir(), 'cv-'));
    writeFileSync(join(dir, 'c1'), c1.note);
    const out = await run('node', [join(root, 'bin/ctxvault'), 'log', 'consistency', '--old', join(dir, 'c1'), '--tenant', t.slug], { env: process.env });
    expect(JSON.parse(out.stdout)).toMatchObject({ ok: true, from: c1.size, to: c2.size });
  });

  it('fails the consistency check against a kept checkpoint after every rewrite of history', async () => {
    let trials = 0;
    for (let trial = 0; trial < 24; trial++) {
      const t = await seeded(`fork${trial}`, 3);
      const c1 = await latest(t.tenantId);
      // Rewrite: drop everything from leaf k on (k < size of C1), regrow with other leaves, re-sign with the real key.
      const k = 1 + (trial % (c1.size - 1));
      const regrow = trial % 3 === 0 ? Math.max(1, c1.size - k - 1) : c1.size - k + 1 + (trial % 4);
      await admin.query(`DELETE FROM log_leaves WHERE tenant_id = $1 AND leaf_index >= $2`, [t.tenantId, k]);
      await admin.query(`DELETE FROM log_nodes WHERE tenant_id = $1 AND (node_index + 1) * (1::bigint << level) > $2`, [t.tenantId, k]);
      await admin.query(`DELETE FROM log_checkpoints WHERE tenant_id = $1 AND size >= $2`, [t.tenantId, k]);
      const forged = await s.db.inTenant(t.tenantId, async () => {
        await s.provenance.log.append(Array.from({ length: regrow }, () => ({ kind: 'audit' as const, recordedBytes: randomBytes(32) })));
        return s.provenance.service.checkpointNow();
      });
      const keys = await keysOf(t.tenantId);
      // The forged checkpoint is properly signed: only consistency can tell.
      expect(() => verifyNote(forged.note, JSON.parse(keys.toString()).keys.map((x: { vkey: string }) => parseVerifierKey(x.vkey)))).not.toThrow();
      let proof: string[] = [];
      if (forged.size >= c1.size) {
        proof = (await s.db.inTenant(t.tenantId, () => s.provenance.log.consistencyProof(c1.size, forged.size))).map((h) => h.toString('base64'));
      }
      expect(() => verifyLogExtends(c1.note, forged.note, proof, keys)).toThrow(/consistency/);
      if (trial < 3) {
        const dir = mkdtempSync(join(tmpdir(), 'cv-'));
        writeFileSync(join(dir, 'c1'), c1.note);
        const res = await run('node', [join(root, 'bin/ctxvault'), 'log', 'consistency', '--old', join(dir, 'c1'), '--tenant', t.slug], { env: process.env }).catch((e) => e);
        expect(res.code).toBe(1);
        expect(JSON.parse(res.stdout)).toMatchObject({ ok: false, failed: 'consistency' });
      }
      trials++;
    }
    expect(trials).toBe(24);
  });

  it('keeps every old envelope and checkpoint verifiable across three rotations', async () => {
    const t = await seeded('rotate', 1);
    for (let r = 0; r < 3; r++) {
      await s.db.inTenant(t.tenantId, async () => {
        await s.provenance.keyring.rotate();
        await s.provenance.service.checkpointNow();
      });
      await s.db.inTenant(t.tenantId, () => s.provenance.service.recordVersions([docVersion(`after-rotation-${r}`, `signed by key ${r + 2}`)]));
    }
    const keys = await keysOf(t.tenantId);
    const history = JSON.parse(keys.toString());
    expect(history.keys).toHaveLength(4);
    expect(history.keys.filter((k: { retiredAt: string | null }) => k.retiredAt === null)).toHaveLength(1);
    const vkeys = history.keys.map((k: { vkey: string }) => parseVerifierKey(k.vkey));
    const pub = new Map<string, Buffer>(history.keys.map((k: { keyId: string; publicKey: string }) => [k.keyId, Buffer.from(k.publicKey, 'base64')]));

    const statements = (await admin.query(`SELECT envelope, key_id, document_id FROM statements WHERE tenant_id = $1`, [t.tenantId])).rows;
    expect(new Set(statements.map((x) => x.key_id)).size).toBe(4);
    for (const st of statements) expect(() => verifyEnvelope(st.envelope, (id) => pub.get(id) ?? null)).not.toThrow();
    const cps = (await admin.query(`SELECT note, key_id FROM log_checkpoints WHERE tenant_id = $1`, [t.tenantId])).rows;
    expect(new Set(cps.map((c) => c.key_id)).size).toBe(4);
    for (const c of cps) expect(() => verifyNote(c.note, vkeys)).not.toThrow();
    for (const docId of new Set(statements.map((x) => x.document_id))) {
      const bundle = Buffer.from(await s.db.inTenant(t.tenantId, () => s.provenance.service.bundleOf(docId, true)));
      expect(verifyBundle(bundle, keys).ok).toBe(true);
      // Without the old key in the history, an old envelope no longer verifies.
      const firstKey = history.keys[0].keyId;
      const env = JSON.parse(Buffer.from(JSON.parse(bundle.toString()).envelope, 'base64').toString());
      if (env.signatures[0].keyid === firstKey) {
        const pruned = Buffer.from(JSON.stringify({ ...history, keys: history.keys.slice(1) }));
        expect(() => verifyBundle(bundle, pruned)).toThrow(/unknown key/);
      }
    }
    const report = await s.db.inTenant(t.tenantId, () => s.provenance.verifier.verify());
    expect(report.failures).toEqual([]);
  });
});
