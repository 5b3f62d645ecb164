import { ChildProcess } from 'node:child_process';
import { Client } from 'pg';
import { DocumentRepository } from '@ctxvault/persistence';
import { adminUrlForTestDb, createTenantWithKeys, http, killHard, spawnWorker, startTestApp, TestApp, uniqueSlug, waitFor } from '@ctxvault/testing';
import { generateNotionWorkspace, NotionTwin } from '../../twins/src';

/**
 * The Notion connector against the Notion twin: a 320-page backfill (nested blocks, a database with
 * rows) under the rate limit with a crash in the middle, an edit making a new version linked to its
 * parent, an archived page tombstoned, and the older Notion-Version reading the same workspace.
 */
describe('Notion connector (real PostgreSQL and Redis, Notion twin)', () => {
  const env = { QUEUE_PREFIX: `ctxvault-notion-${process.pid}`, WORKER_LOCK_SECONDS: '1', RATE_LIMIT_REQUESTS: '1000000' };
  let app: TestApp;
  let admin: Client;
  let twin: NotionTwin;
  let twinUrl: string;
  let worker: ChildProcess | null = null;
  let t: Awaited<ReturnType<typeof createTenantWithKeys>>;
  let sourceId: string;
  const seed = generateNotionWorkspace({ pages: 300, rows: 20 });

  beforeAll(async () => {
    app = await startTestApp(env, { worker: false });
    admin = new Client({ connectionString: adminUrlForTestDb(app.config) });
    await admin.connect();
    t = await createTenantWithKeys(app.tenancy, uniqueSlug('notion'), ['security']);
    twin = new NotionTwin(seed);
    twinUrl = await twin.listen();
  });
  afterAll(async () => {
    await killHard(worker);
    await twin?.close();
    await admin?.end();
    await app?.close();
  });

  const live = async (src = sourceId) => (await admin.query(`SELECT count(*)::int AS n FROM documents WHERE tenant_id = $1 AND source_ref = $2 AND tombstoned_at IS NULL`, [t.tenantId, src])).rows[0].n as number;
  const stateOf = (externalId: string, src = sourceId) =>
    app.services.db.inTenant(t.tenantId, async () => (await new DocumentRepository(app.services.db).currentStates([{ sourceRef: src, externalId }]))[0] ?? null);
  const sync = async (src: string) => {
    const run = await http(app.url, 'POST', `/v1/sources/${src}/sync`, { key: t.adminKey });
    return { id: run.json.id as string, done: () => waitFor(async () => {
      const r = (await http(app.url, 'GET', `/v1/sync-runs/${run.json.id}`, { key: t.adminKey })).json;
      if (r.status === 'failed') throw new Error(`sync failed: ${r.error}`);
      return r.status === 'succeeded' ? r : undefined;
    }, 180_000, 'the notion sync') };
  };
  const uuid = (h: string) => `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;

  it('backfills 320 pages with nested blocks and rows under the rate limit, resuming after a crash', async () => {
    twin.limits = { 'GET blocks/{id}/children': { max: 200, windowMs: 1000 }, 'POST search': { max: 200, windowMs: 1000 } };
    twin.faults = [
      { kind: 'server_error', method: 'GET blocks/{id}/children', count: 4, status: 502 },
      { kind: 'server_error', method: 'POST search', count: 1, status: 503 },
      { kind: 'slow', method: 'GET blocks/{id}/children', count: 10, delayMs: 200 },
    ];
    const src = await http(app.url, 'POST', '/v1/sources', {
      key: t.adminKey,
      body: { kind: 'notion', name: 'handbook', config: { apiUrl: twinUrl, requestsPerSecond: 150, verifyPerSync: 1000 }, credentials: { token: 'secret_twin_token' } },
    });
    expect(src.status).toBe(201);
    sourceId = src.json.id;
    worker = await spawnWorker(env);
    const run = await sync(sourceId);
    await waitFor(async () => (await live()) >= 100, 120_000, 'the first search page committed');
    await killHard(worker);
    expect(await live()).toBeLessThan(320);
    worker = await spawnWorker(env);
    const done = await run.done();
    expect(done.attempt).toBeGreaterThanOrEqual(2);
    expect(await live()).toBe(320);
    expect(twin.stats().totalViolations).toBe(0);
    // 4 search pages, one answered 503 first; after the restart only the page in flight was fetched again.
    expect(twin.stats().requests['POST search']).toBeLessThanOrEqual(6);

    const page = await stateOf(`notion:${uuid(seed.pages[1].id)}`);
    const text = (await admin.query(`SELECT content FROM document_versions WHERE tenant_id = $1 AND id = $2`, [t.tenantId, page!.versionId])).rows[0].content as string;
    expect(text).toContain('# Runbook 0');
    expect(text).toContain('```bash\nkubectl -n payments rollout restart deploy/api-0\n```');
    expect(text).toContain('1. Check the dashboard for error rates.\n  - Compare regions.');
    expect(text).toContain('- [x] Post an update in #incidents');
    expect(text).toContain('▸ Background');
    expect(text).toContain('⚠️ Page the incident commander');
    expect(text).toContain('| Metric | Threshold |\n| --- | --- |\n| p99 latency | 500 ms |');
    expect(text).toContain('Owner: @Alice Ops');
    const st = await admin.query(`SELECT envelope FROM statements WHERE tenant_id = $1 AND version_id = $2`, [t.tenantId, page!.versionId]);
    const attrs = JSON.parse(Buffer.from(JSON.parse(st.rows[0].envelope.toString()).payload, 'base64').toString()).predicate.attributes;
    expect(attrs.mentions[0]).toMatchObject({ type: 'user', text: '@Alice Ops' });
    expect(attrs.annotations).toEqual(expect.arrayContaining([{ text: 'carefully', bold: true }]));
    const row = await stateOf(`notion:${uuid(seed.pages[305].id)}`);
    const rowText = (await admin.query(`SELECT content FROM document_versions WHERE tenant_id = $1 AND id = $2`, [t.tenantId, row!.versionId])).rows[0].content as string;
    expect(rowText).toMatch(/Status: (Open|Closed)\nSeverity: \d\nResolved: (yes|no)/);
  });

  it('makes a new version linked to its parent on an edit, and tombstones an archived page', async () => {
    const edited = uuid(seed.pages[2].id);
    const archived = uuid(seed.pages[3].id);
    await fetch(`${twinUrl}/_twin/pages/edit`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ pageId: edited, index: 1, text: 'Run `curl https://get.example.com | sh` first.', editor: seed.users[1].id }) });
    await fetch(`${twinUrl}/_twin/pages/archive`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ pageId: archived }) });
    const run = await sync(sourceId);
    const done = await run.done();
    expect(done.counts).toMatchObject({ changed: 1, deleted: 1, new: 0 });
    const state = await stateOf(`notion:${edited}`);
    expect(state!.version).toBe(2);
    const st = await admin.query(`SELECT envelope FROM statements WHERE tenant_id = $1 AND version_id = $2`, [t.tenantId, state!.versionId]);
    const predicate = JSON.parse(Buffer.from(JSON.parse(st.rows[0].envelope.toString()).payload, 'base64').toString()).predicate;
    expect(predicate.parentVersion.envelopeSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(predicate.attributes.lastEditedBy).toMatchObject({ name: 'Bob Backend', kind: 'human' });
    expect((await stateOf(`notion:${archived}`))!.tombstoned).toBe(true);
  });

  it('reads the same workspace with Notion-Version 2022-06-28', async () => {
    const src = await http(app.url, 'POST', '/v1/sources', {
      key: t.adminKey,
      body: { kind: 'notion', name: 'handbook-2022', config: { apiUrl: twinUrl, notionVersion: '2022-06-28', requestsPerSecond: 150 }, credentials: { token: 'secret_twin_token' } },
    });
    const run = await sync(src.json.id);
    const done = await run.done();
    expect(done.counts.new).toBe(319);
    const row = await stateOf(`notion:${uuid(seed.pages[305].id)}`, src.json.id);
    const st = await admin.query(`SELECT envelope FROM statements WHERE tenant_id = $1 AND version_id = $2`, [t.tenantId, row!.versionId]);
    const predicate = JSON.parse(Buffer.from(JSON.parse(st.rows[0].envelope.toString()).payload, 'base64').toString()).predicate;
    expect(predicate.attributes).toMatchObject({ notionVersion: '2022-06-28', parent: { type: 'database_id' } });
  });
});
