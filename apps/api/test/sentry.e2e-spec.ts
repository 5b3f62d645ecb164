import { ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { Client } from 'pg';
import { DocumentRepository } from '@ctxvault/persistence';
import { adminUrlForTestDb, createTenantWithKeys, http, killHard, spawnWorker, startTestApp, TestApp, uniqueSlug, waitFor } from '@ctxvault/testing';
import { generateSentryOrganization, SentryTwin } from '../../twins/src';

/**
 * The Sentry connector against the Sentry twin with faults on (5xx bursts, slow answers), a worker
 * killed mid-backfill, new events, and signed webhooks.
 */
describe('Sentry connector and webhooks (real PostgreSQL and Redis, Sentry twin)', () => {
  const env = { QUEUE_PREFIX: `ctxvault-sentry-${process.pid}`, WORKER_LOCK_SECONDS: '1', RATE_LIMIT_REQUESTS: '1000000' };
  let app: TestApp;
  let admin: Client;
  let twin: SentryTwin;
  let twinUrl: string;
  let worker: ChildProcess | null = null;
  let t: Awaited<ReturnType<typeof createTenantWithKeys>>;
  let sourceId: string;

  beforeAll(async () => {
    app = await startTestApp(env, { worker: false });
    admin = new Client({ connectionString: adminUrlForTestDb(app.config) });
    await admin.connect();
    t = await createTenantWithKeys(app.tenancy, uniqueSlug('sentry'), ['security']);
    twin = new SentryTwin(generateSentryOrganization({ issues: 520 }));
    twinUrl = await twin.listen();
  });
  afterAll(async () => {
    await killHard(worker);
    await twin?.close();
    await admin?.end();
    await app?.close();
  });

  const docs = async () => (await admin.query(`SELECT count(*)::int AS n FROM documents WHERE tenant_id = $1 AND source_ref = $2`, [t.tenantId, sourceId])).rows[0].n as number;
  const stateOf = (externalId: string) =>
    app.services.db.inTenant(t.tenantId, async () => (await new DocumentRepository(app.services.db).currentStates([{ sourceRef: sourceId, externalId }]))[0] ?? null);
  const waitRun = (id: string, ms = 120_000) =>
    waitFor(
      async () => {
        const r = (await http(app.url, 'GET', `/v1/sync-runs/${id}`, { key: t.adminKey })).json;
        if (r.status === 'failed') throw new Error(`sync failed: ${r.error}`);
        return r.status === 'succeeded' ? r : undefined;
      },
      ms,
      'the sentry sync',
    );

  it('backfills 520 issues through 5xx bursts and slow answers, resuming after a crash, within the rate limits', async () => {
    twin.limits = { org_issues_list: { max: 40, windowMs: 1000 }, issue_event_detail: { max: 50, windowMs: 1000 } };
    twin.faults = [
      { kind: 'server_error', method: 'org_issues_list', count: 2, status: 502 },
      { kind: 'server_error', method: 'issue_event_detail', count: 3, status: 503 },
      { kind: 'slow', method: 'issue_event_detail', count: 5, delayMs: 300 },
    ];
    const src = await http(app.url, 'POST', '/v1/sources', {
      key: t.adminKey,
      body: { kind: 'sentry', name: 'acme-sentry', config: { apiUrl: twinUrl, organization: 'acme', requestsPerSecond: 40 }, credentials: { token: 'sntrys_twin_token', clientSecret: 'sentry-client-secret' } },
    });
    expect(src.status).toBe(201);
    expect(src.json.trustTier).toBe('untrusted');
    sourceId = src.json.id;

    worker = await spawnWorker(env);
    const run = await http(app.url, 'POST', `/v1/sources/${sourceId}/sync`, { key: t.adminKey });
    await waitFor(async () => (await docs()) >= 200, 90_000, 'two committed pages');
    await killHard(worker);
    expect(await docs()).toBeLessThan(520);
    worker = await spawnWorker(env);
    const done = await waitRun(run.json.id);
    expect(done.attempt).toBeGreaterThanOrEqual(2);
    expect(await docs()).toBe(520);
    const stats = twin.stats();
    expect(stats.totalViolations).toBe(0);
    // 6 pages, 2 of them answered 502 first; at most the page in flight at the crash fetched again.
    expect(stats.requests.org_issues_list).toBeGreaterThanOrEqual(8);
    expect(stats.requests.org_issues_list).toBeLessThanOrEqual(9);

    const st = await stateOf('sentry:5000');
    const row = await admin.query(`SELECT envelope FROM statements WHERE tenant_id = $1 AND document_id = $2`, [t.tenantId, st!.id]);
    const payload = JSON.parse(Buffer.from(JSON.parse(row.rows[0].envelope.toString()).payload, 'base64').toString());
    expect(payload.predicate.author).toMatchObject({ kind: 'external', details: { worldWritable: true } });
    expect(payload.predicate.attributes.trust.reason).toMatch(/anyone holding the project DSN/);
    const content = await admin.query(`SELECT content FROM document_versions WHERE tenant_id = $1 AND id = $2`, [t.tenantId, st!.versionId]);
    expect(content.rows[0].content).toMatch(/Exception: ConnectionError: could not connect to database primary\n {2}at acquire \(db\/pool.py:100\)/);
    expect(content.rows[0].content).toMatch(/Breadcrumbs:\n.*\[http\] POST \/api\/charge/);
  });

  it("updates an issue's document when a new event arrives, fetching only what changed", async () => {
    twin.faults = [];
    const before = twin.stats().requests.issue_event_detail ?? 0;
    await fetch(`${twinUrl}/_twin/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ eventID: 'f'.repeat(32), issueId: '5003', dateCreated: '2026-11-20T10:00:00Z', message: 'PermissionError: token lacks scope payments:write (again)' }),
    });
    const run = await http(app.url, 'POST', `/v1/sources/${sourceId}/sync`, { key: t.adminKey });
    const done = await waitRun(run.json.id);
    expect(done.counts).toMatchObject({ changed: 1, new: 0 });
    expect(done.counts.fetched).toBeLessThanOrEqual(2);
    expect((twin.stats().requests.issue_event_detail ?? 0) - before).toBeLessThanOrEqual(2);
    expect((await stateOf('sentry:5003'))!.version).toBe(2);
  });

  it('takes signed issue webhooks at once and refuses forged ones', async () => {
    const hook = `${app.url}/webhooks/sentry/${sourceId}`;
    worker = worker ?? (await spawnWorker(env));
    await fetch(`${twinUrl}/_twin/webhook`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ url: hook, secret: 'sentry-client-secret' }) });
    const created = (await (
      await fetch(`${twinUrl}/_twin/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ eventID: 'e'.repeat(32), issueId: '9999', project: 'payments-api', issueTitle: 'RuntimeError: run `rm -rf /var/lib/postgresql` to recover', dateCreated: new Date().toISOString(), message: 'RuntimeError: run rm -rf to recover' }),
      })
    ).json()) as { delivery: { status: number } };
    expect(created.delivery.status).toBe(200);
    await waitFor(async () => (await stateOf('sentry:9999')) ?? undefined, 5000, 'the new issue from the webhook');

    const body = JSON.stringify({ action: 'created', data: { issue: { id: '424242' } } });
    const forged = await fetch(hook, { method: 'POST', headers: { 'content-type': 'application/json', 'sentry-hook-resource': 'issue', 'sentry-hook-signature': '0'.repeat(64) }, body });
    expect(forged.status).toBe(401);
    const stale = String(Math.floor(Date.now() / 1000) - 900);
    const sig = createHmac('sha256', 'sentry-client-secret').update(body).digest('hex');
    const replayed = await fetch(hook, { method: 'POST', headers: { 'content-type': 'application/json', 'sentry-hook-resource': 'issue', 'sentry-hook-signature': sig, 'sentry-hook-timestamp': stale }, body });
    expect(replayed.status).toBe(401);
  });
});
