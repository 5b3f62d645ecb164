import { Client } from 'pg';
import { adminUrlForTestDb, createTenantWithKeys, GitFixture, http, startTestApp, TestApp, uniqueSlug, waitFor } from '@ctxvault/testing';

const doc = (i: number, extra = '') => ({
  externalId: `kb-${i}`,
  title: `Article ${i}`,
  url: `https://kb.example.com/articles/${i}`,
  author: { id: `writer-${i % 7}`, name: `Writer ${i % 7}`, kind: 'human' },
  updatedAt: '2026-11-01T10:00:00Z',
  text: `Article ${i}${extra}\n\n` + 'How to operate the payments service safely during an incident. '.repeat(14),
  metadata: { team: 'payments', i },
});

describe('push API and sources over HTTP (real PostgreSQL and Redis)', () => {
  let app: TestApp;
  let admin: Client;
  let t: Awaited<ReturnType<typeof createTenantWithKeys>>;

  beforeAll(async () => {
    app = await startTestApp({ RATE_LIMIT_REQUESTS: '1000000' });
    admin = new Client({ connectionString: adminUrlForTestDb(app.config) });
    await admin.connect();
    t = await createTenantWithKeys(app.tenancy, uniqueSlug('push'), ['ingest', 'security', 'agent']);
  });
  afterAll(async () => {
    await admin?.end();
    await app?.close();
  });

  const finished = (batchId: string) =>
    waitFor(
      async () => {
        const r = (await http(app.url, 'GET', `/v1/ingest/batches/${batchId}`, { key: t.keys.ingest.key })).json;
        if (r.status === 'failed') throw new Error(`batch failed: ${r.error}`);
        return r.status === 'succeeded' ? r : undefined;
      },
      120_000,
      `batch ${batchId}`,
    );
  const count = async (sql: string) => (await admin.query(sql, [t.tenantId])).rows[0].n as number;

  it('lands 10,000 documents pushed in batches of 1,000, each with provenance naming the pushing key', async () => {
    const batches: string[] = [];
    for (let b = 0; b < 10; b++) {
      const res = await http(app.url, 'POST', '/v1/ingest/documents', { key: t.keys.ingest.key, body: { documents: Array.from({ length: 1000 }, (_, i) => doc(b * 1000 + i)) } });
      expect(res.status).toBe(202);
      expect(res.json).toMatchObject({ accepted: 1000, unchanged: 0, rejected: 0 });
      batches.push(res.json.batchId);
    }
    for (const id of batches) expect((await finished(id)).counts).toMatchObject({ fetched: 1000, new: 1000, failed: 0 });
    expect(await count(`SELECT count(*)::int AS n FROM documents WHERE tenant_id = $1`)).toBe(10_000);
    expect(await count(`SELECT count(*)::int AS n FROM log_leaves WHERE tenant_id = $1 AND kind = 'statement'`)).toBe(10_000);
    const st = await admin.query(`SELECT envelope FROM statements WHERE tenant_id = $1 LIMIT 1`, [t.tenantId]);
    const payload = JSON.parse(Buffer.from(JSON.parse(st.rows[0].envelope.toString()).payload, 'base64').toString());
    expect(payload.predicate.attributes.pushedBy).toEqual({ keyId: t.keys.ingest.id, keyName: 'ingest key' });
    expect(payload.predicate.source.kind).toBe('push');
  });

  it('treats a repeated batch as a no-op', async () => {
    const leaves = await count(`SELECT count(*)::int AS n FROM log_leaves WHERE tenant_id = $1`);
    const res = await http(app.url, 'POST', '/v1/ingest/documents', { key: t.keys.ingest.key, body: { documents: Array.from({ length: 1000 }, (_, i) => doc(3000 + i)) } });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ batchId: null, accepted: 0, unchanged: 1000, rejected: 0 });
    expect(await count(`SELECT count(*)::int AS n FROM log_leaves WHERE tenant_id = $1`)).toBe(leaves);
  });

  it('rejects malformed items one by one with reasons while the rest land', async () => {
    const documents: unknown[] = [
      doc(20_000, ' (edited)'),
      { externalId: 'no-text' },
      { externalId: '', text: 'x' },
      { externalId: 'bad-url', text: 'x', url: 'javascript:alert(1)' },
      { externalId: 'big', text: 'x'.repeat(1_100_000) },
      { externalId: 'odd', text: 'x', colour: 'red' },
      { externalId: 'author', text: 'x', author: { id: 'a', kind: 'alien' } },
      'not an object',
      { externalId: 'dup', text: 'one' },
      { externalId: 'dup', text: 'two' },
      { externalId: 'when', text: 'x', createdAt: 'yesterday' },
      { externalId: 'surrogate', text: 'broken \ud800 text' },
      doc(1, ' (edited)'),
    ];
    const res = await http(app.url, 'POST', '/v1/ingest/documents', { key: t.keys.ingest.key, body: { documents } });
    expect(res.status).toBe(202);
    const byIndex = res.json.items as Array<{ index: number; status: string; reasons?: string[] }>;
    expect(byIndex.map((i) => i.status)).toEqual([
      'accepted', 'rejected', 'rejected', 'rejected', 'rejected', 'rejected', 'rejected', 'rejected', 'accepted', 'rejected', 'rejected', 'rejected', 'accepted',
    ]);
    const reasons = (i: number) => byIndex[i].reasons!.join('; ');
    expect(reasons(1)).toMatch(/text must be a string/);
    expect(reasons(2)).toMatch(/externalId must be 1-1024/);
    expect(reasons(3)).toMatch(/url must be an absolute http\(s\) URL/);
    expect(reasons(4)).toMatch(/the limit is 1048576 \(PUSH_MAX_DOCUMENT_BYTES\)/);
    expect(reasons(5)).toMatch(/unknown field "colour"/);
    expect(reasons(6)).toMatch(/author.kind must be one of/);
    expect(reasons(7)).toMatch(/must be a JSON object/);
    expect(reasons(9)).toMatch(/appears more than once/);
    expect(reasons(10)).toMatch(/createdAt must be an ISO 8601/);
    expect(reasons(11)).toMatch(/not valid Unicode/);
    const run = await finished(res.json.batchId);
    expect(run.counts).toMatchObject({ fetched: 3, new: 2, changed: 1 });
    expect(await count(`SELECT current_version AS n FROM documents WHERE tenant_id = $1 AND external_id = 'kb-1'`)).toBe(2);
  });

  it('refuses malformed requests as a whole with what to fix', async () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ docs: [] }, /unknown field\(s\) "docs"/],
      [{ documents: [] }, /documents must be a non-empty array/],
      [{ documents: 'x' }, /documents must be a non-empty array/],
      [{ documents: Array.from({ length: 1001 }, (_, i) => ({ externalId: `x${i}`, text: 'x' })) }, /the limit is 1000 per request \(PUSH_MAX_DOCUMENTS\)/],
    ];
    for (const [body, msg] of cases) {
      const r = await http(app.url, 'POST', '/v1/ingest/documents', { key: t.keys.ingest.key, body });
      expect(r.status).toBe(400);
      expect(r.json.message).toMatch(msg);
    }
    expect((await http(app.url, 'POST', '/v1/ingest/documents', { key: t.keys.agent.key, body: { documents: [doc(1)] } })).status).toBe(403);
  });

  it('manages sources: validation, sealed credentials, disable, delete, runs', async () => {
    const bad = await http(app.url, 'POST', '/v1/sources', { key: t.adminKey, body: { kind: 'git', name: 'x', config: { url: 'ftp://nope', colour: 1 } } });
    expect(bad.status).toBe(400);
    expect(bad.json.message).toMatch(/unknown setting "colour"/);
    expect(bad.json.message).toMatch(/url must be an http\(s\), ssh or file URL/);
    expect((await http(app.url, 'POST', '/v1/sources', { key: t.adminKey, body: { kind: 'ftp', name: 'x' } })).status).toBe(400);
    const token = 'ghp_' + 'S'.repeat(36);
    const created = await http(app.url, 'POST', '/v1/sources', {
      key: t.adminKey,
      body: { kind: 'git', name: 'remote', config: { url: 'https://git.example.invalid/acme/platform.git' }, credentials: { token } },
    });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ hasCredentials: true, scheduleSeconds: null, trustTier: 'standard', health: 'unknown' });
    expect(created.text).not.toContain(token);
    const dup = await http(app.url, 'POST', '/v1/sources', { key: t.adminKey, body: { kind: 'git', name: 'remote', config: { url: 'https://x.invalid/a.git' } } });
    expect(dup.status).toBe(409);
    const dump = await admin.query(`SELECT s::text AS row FROM sources s WHERE tenant_id = $1`, [t.tenantId]);
    expect(dump.rows.map((r) => r.row).join()).not.toContain(token);

    // A sync of an unreachable remote fails, is recorded with its error, and counts against health.
    const run = await http(app.url, 'POST', `/v1/sources/${created.json.id}/sync`, { key: t.adminKey });
    expect(run.status).toBe(202);
    const failed = await waitFor(
      async () => {
        const r = (await http(app.url, 'GET', `/v1/sync-runs/${run.json.id}`, { key: t.adminKey })).json;
        return r.status === 'failed' || r.error ? r : undefined;
      },
      60_000,
      'the failing run',
    );
    expect(failed.error).toMatch(/git\.example\.invalid|resolve|fatal/i);
    const runs = (await http(app.url, 'GET', `/v1/sources/${created.json.id}/runs`, { key: t.keys.security.key })).json;
    expect(runs[0].id).toBe(run.json.id);

    const health = (await http(app.url, 'GET', `/v1/sources/${created.json.id}`, { key: t.adminKey })).json;
    expect(health.consecutiveFailures).toBeGreaterThanOrEqual(1);
    expect(health.healthReason).toMatch(/git\.example\.invalid|resolve|fatal/i);
    const disabled = await http(app.url, 'POST', `/v1/sources/${created.json.id}/disable`, { key: t.adminKey });
    expect(disabled.json.enabled).toBe(false);
    expect((await http(app.url, 'POST', `/v1/sources/${created.json.id}/sync`, { key: t.adminKey })).status).toBe(409);
    const patched = await http(app.url, 'PATCH', `/v1/sources/${created.json.id}`, { key: t.adminKey, body: { trustTier: 'low', scheduleSeconds: 3600 } });
    expect(patched.json).toMatchObject({ trustTier: 'low', scheduleSeconds: 3600, enabled: false });
    expect((await http(app.url, 'PATCH', `/v1/sources/${created.json.id}`, { key: t.adminKey, body: { trustTier: 'godlike' } })).status).toBe(400);
    expect((await http(app.url, 'DELETE', `/v1/sources/${created.json.id}`, { key: t.adminKey })).json).toMatchObject({ deleted: true });
    expect((await http(app.url, 'GET', `/v1/sources/${created.json.id}`, { key: t.adminKey })).status).toBe(404);
    // A source that keeps failing becomes unhealthy, with the reason, visible in the API.
    const repo = new GitFixture();
    repo.write('a.md', 'a\n');
    repo.commit('a');
    const local = await http(app.url, 'POST', '/v1/sources', { key: t.adminKey, body: { kind: 'git', name: 'vanishing', config: { path: repo.repo } } });
    expect(local.status).toBe(201);
    repo.dispose();
    for (let i = 0; i < 3; i++) {
      const r = await http(app.url, 'POST', `/v1/sources/${local.json.id}/sync`, { key: t.adminKey });
      await waitFor(async () => ((await http(app.url, 'GET', `/v1/sync-runs/${r.json.id}`, { key: t.adminKey })).json.status === 'failed' ? true : undefined), 30_000, 'a failed run');
    }
    const sick = (await http(app.url, 'GET', `/v1/sources/${local.json.id}`, { key: t.adminKey })).json;
    expect(sick).toMatchObject({ health: 'unhealthy', consecutiveFailures: 3 });
    expect(sick.healthReason).toMatch(/cloning|repository|does not exist/i);

    const audit = (await http(app.url, 'GET', '/v1/admin-audit', { key: t.adminKey })).json.map((e: { action: string }) => e.action);
    expect(audit).toEqual(expect.arrayContaining(['source.create', 'source.sync', 'source.disable', 'source.update', 'source.delete']));
  });
});
