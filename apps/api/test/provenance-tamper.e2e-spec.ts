import fc from 'fast-check';
import { Client } from 'pg';
import { adminUrlForTestDb, createTenantWithKeys, docVersion, http, startTestApp, TestApp, uniqueSlug } from '@ctxvault/testing';

type Failure = { kind: string; documentId?: string; versionId?: string; statementId?: string; leafIndex?: number; level?: number; nodeIndex?: number; checkpointId?: string };

/**
 * Over 1,000 random trials, one stored item is changed behind the service's back (content, an
 * envelope, a signature, a leaf, a tree node, a checkpoint) or a leaf is deleted or two are
 * swapped; POST /v1/verify must name exactly that item, and nothing once it is restored.
 */
describe('tamper evidence: POST /v1/verify on real PostgreSQL', () => {
  let app: TestApp;
  let admin: Client;
  let t: Awaited<ReturnType<typeof createTenantWithKeys>>;

  beforeAll(async () => {
    app = await startTestApp({ RATE_LIMIT_REQUESTS: '1000000' }, { worker: false });
    admin = new Client({ connectionString: adminUrlForTestDb(app.config) });
    await admin.connect();
    t = await createTenantWithKeys(app.tenancy, uniqueSlug('tamper'), ['security']);
    const svc = app.services.provenance.service;
    const docs = await app.services.db.inTenant(t.tenantId, () =>
      svc.recordVersions(Array.from({ length: 8 }, (_, i) => docVersion(`doc-${i}`, `Runbook ${i}: step one, step two, step three.`))),
    );
    await app.services.db.inTenant(t.tenantId, () => svc.recordVersions([docVersion('doc-1', 'Runbook 1, edited'), docVersion('doc-2', 'Runbook 2, edited')]));
    await app.services.db.inTenant(t.tenantId, () => app.services.provenance.keyring.rotate());
    await app.services.db.inTenant(t.tenantId, () => svc.recordVersions([docVersion('doc-8', 'Signed by the second key')]));
    await app.services.db.inTenant(t.tenantId, () => svc.tombstone(docs[3].documentId, 'deleted at source'));
  });
  afterAll(async () => {
    await admin?.end();
    await app?.close();
  });

  const verify = async (): Promise<{ ok: boolean; failures: Failure[] }> => {
    const res = await http(app.url, 'POST', '/v1/verify', { key: t.keys.security.key });
    expect(res.status).toBe(200);
    return res.json;
  };
  const rows = async (sql: string) => (await admin.query(sql, [t.tenantId])).rows;
  const flipBit = (buf: Buffer, byte: number, bit: number) => {
    const b = Buffer.from(buf);
    b[byte % b.length] ^= 1 << bit;
    return b;
  };

  it('starts from a store that verifies', async () => {
    const r = await verify();
    expect(r.failures).toEqual([]);
    expect(r.ok).toBe(true);
  });

  it('names the exact tampered item in 1,000 random trials, and nothing once restored', async () => {
    const versions = await rows(`SELECT id, content FROM document_versions WHERE tenant_id = $1`);
    const statements = await rows(`SELECT id, envelope FROM statements WHERE tenant_id = $1`);
    const leaves = await rows(`SELECT leaf_index::int AS i, leaf_input, leaf_hash, kind, created_at FROM log_leaves WHERE tenant_id = $1 ORDER BY leaf_index`);
    const nodes = await rows(`SELECT level, node_index::int AS i, hash FROM log_nodes WHERE tenant_id = $1`);
    const checkpoints = await rows(`SELECT id, note, root_hash FROM log_checkpoints WHERE tenant_id = $1`);
    expect(leaves.length).toBeGreaterThanOrEqual(14);
    expect(checkpoints.length).toBeGreaterThanOrEqual(5);
    const kinds = ['content', 'envelope', 'signature', 'leaf_hash', 'leaf_input', 'node', 'checkpoint_root', 'checkpoint_note', 'delete_leaf', 'reorder'] as const;
    const counts: Record<string, number> = {};
    let trials = 0;

    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...kinds),
        fc.nat(),
        fc.nat(),
        fc.integer({ min: 0, max: 7 }),
        fc.nat(),
        async (kind, pick, byte, bit, other) => {
          let restore: () => Promise<unknown>;
          let expected: (f: Failure) => boolean;
          const q = (sql: string, params: unknown[]) => admin.query(sql, params);
          switch (kind) {
            case 'content': {
              const v = versions[pick % versions.length];
              const pos = byte % v.content.length;
              const changed = v.content.slice(0, pos) + (v.content[pos] === 'x' ? 'y' : 'x') + v.content.slice(pos + 1);
              await q(`UPDATE document_versions SET content = $2 WHERE tenant_id = $1 AND id = $3`, [t.tenantId, changed, v.id]);
              restore = () => q(`UPDATE document_versions SET content = $2 WHERE tenant_id = $1 AND id = $3`, [t.tenantId, v.content, v.id]);
              expected = (f) => f.versionId === v.id;
              break;
            }
            case 'envelope':
            case 'signature': {
              const st = statements[pick % statements.length];
              let changed: Buffer;
              if (kind === 'envelope') changed = flipBit(st.envelope, byte, bit);
              else {
                const env = JSON.parse(st.envelope.toString());
                env.signatures[0].sig = flipBit(Buffer.from(env.signatures[0].sig, 'base64'), byte, bit).toString('base64');
                changed = Buffer.from(JSON.stringify(env));
              }
              await q(`UPDATE statements SET envelope = $2 WHERE tenant_id = $1 AND id = $3`, [t.tenantId, changed, st.id]);
              restore = () => q(`UPDATE statements SET envelope = $2 WHERE tenant_id = $1 AND id = $3`, [t.tenantId, st.envelope, st.id]);
              expected = (f) => f.statementId === st.id;
              break;
            }
            case 'leaf_hash':
            case 'leaf_input': {
              const l = leaves[pick % leaves.length];
              const col = kind;
              await q(`UPDATE log_leaves SET ${col} = $2 WHERE tenant_id = $1 AND leaf_index = $3`, [t.tenantId, flipBit(l[col], byte, bit), l.i]);
              restore = () => q(`UPDATE log_leaves SET ${col} = $2 WHERE tenant_id = $1 AND leaf_index = $3`, [t.tenantId, l[col], l.i]);
              expected = (f) => f.leafIndex === l.i;
              break;
            }
            case 'node': {
              const n = nodes[pick % nodes.length];
              await q(`UPDATE log_nodes SET hash = $2 WHERE tenant_id = $1 AND level = $3 AND node_index = $4`, [t.tenantId, flipBit(n.hash, byte, bit), n.level, n.i]);
              restore = () => q(`UPDATE log_nodes SET hash = $2 WHERE tenant_id = $1 AND level = $3 AND node_index = $4`, [t.tenantId, n.hash, n.level, n.i]);
              expected = (f) => f.level === n.level && f.nodeIndex === n.i;
              break;
            }
            case 'checkpoint_root':
            case 'checkpoint_note': {
              const c = checkpoints[pick % checkpoints.length];
              if (kind === 'checkpoint_root') {
                await q(`UPDATE log_checkpoints SET root_hash = $2 WHERE tenant_id = $1 AND id = $3`, [t.tenantId, flipBit(c.root_hash, byte, bit), c.id]);
              } else {
                const pos = byte % c.note.length;
                const ch = c.note[pos] === 'A' ? 'B' : 'A';
                await q(`UPDATE log_checkpoints SET note = $2 WHERE tenant_id = $1 AND id = $3`, [t.tenantId, c.note.slice(0, pos) + ch + c.note.slice(pos + 1), c.id]);
              }
              restore = () => q(`UPDATE log_checkpoints SET root_hash = $2, note = $3 WHERE tenant_id = $1 AND id = $4`, [t.tenantId, c.root_hash, c.note, c.id]);
              expected = (f) => f.checkpointId === c.id;
              break;
            }
            case 'delete_leaf': {
              const l = leaves[pick % leaves.length];
              await q(`DELETE FROM log_leaves WHERE tenant_id = $1 AND leaf_index = $2`, [t.tenantId, l.i]);
              restore = async () => {
                await admin.query('BEGIN');
                await admin.query(`SET LOCAL session_replication_role = replica`);
                await q(`INSERT INTO log_leaves (tenant_id, leaf_index, kind, leaf_input, leaf_hash, created_at) VALUES ($1, $2, $3, $4, $5, $6)`, [
                  t.tenantId, l.i, l.kind, l.leaf_input, l.leaf_hash, l.created_at,
                ]);
                await admin.query('COMMIT');
              };
              expected = (f) => f.leafIndex === l.i;
              break;
            }
            case 'reorder': {
              const a = leaves[pick % leaves.length];
              const b = leaves[(pick + 1 + (other % (leaves.length - 1))) % leaves.length];
              const swap = async (x: typeof a, y: typeof a) =>
                q(`UPDATE log_leaves SET leaf_input = $2, leaf_hash = $3, kind = $4 WHERE tenant_id = $1 AND leaf_index = $5`, [t.tenantId, y.leaf_input, y.leaf_hash, y.kind, x.i]);
              await swap(a, b);
              await swap(b, a);
              restore = async () => {
                await swap(a, a);
                await swap(b, b);
              };
              expected = (f) => f.leafIndex === a.i || f.leafIndex === b.i;
              break;
            }
          }
          try {
            const report = await verify();
            trials++;
            counts[kind] = (counts[kind] ?? 0) + 1;
            if (report.ok || report.failures.length === 0) throw new Error(`${kind} went unnoticed`);
            const stray = report.failures.filter((f) => !expected(f));
            if (stray.length) throw new Error(`${kind}: failures about other items: ${JSON.stringify(stray)}`);
          } finally {
            await restore!();
          }
          if (trials % 10 === 0) {
            const clean = await verify();
            if (!clean.ok) throw new Error(`store did not verify after restoring ${kind}: ${JSON.stringify(clean.failures)}`);
          }
        },
      ),
      { numRuns: 1000 },
    );
    expect(trials).toBe(1000);
    for (const k of kinds) expect(counts[k]).toBeGreaterThan(30);
    expect((await verify()).failures).toEqual([]);
  });
});
