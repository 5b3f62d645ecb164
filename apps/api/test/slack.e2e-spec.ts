import { ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { Client } from 'pg';
import { DocumentRepository } from '@ctxvault/persistence';
import { adminUrlForTestDb, createTenantWithKeys, http, killHard, spawnWorker, startTestApp, TestApp, uniqueSlug, waitFor } from '@ctxvault/testing';
import { generateSlackWorkspace, SlackSeed, SlackTwin } from '../../twins/src';

/**
 * The Slack connector against the Slack twin, with a worker process killed mid-backfill: every
 * message lands once, the twin counts no rate-limit violation, and the request counts show no
 * finished page fetched twice. Then the live path: signed events, edits, deletions, forgeries.
 */
describe('Slack connector and events (real PostgreSQL and Redis, Slack twin)', () => {
  const env = { QUEUE_PREFIX: `ctxvault-slack-${process.pid}`, WORKER_LOCK_SECONDS: '1', RATE_LIMIT_REQUESTS: '1000000' };
  const pageSize = 200;
  let app: TestApp;
  let admin: Client;
  let twin: SlackTwin;
  let twinUrl: string;
  let seed: SlackSeed;
  let worker: ChildProcess | null = null;
  let t: Awaited<ReturnType<typeof createTenantWithKeys>>;
  let sourceId: string;

  beforeAll(async () => {
    app = await startTestApp(env, { worker: false });
    admin = new Client({ connectionString: adminUrlForTestDb(app.config) });
    await admin.connect();
    t = await createTenantWithKeys(app.tenancy, uniqueSlug('slack'), ['security', 'agent']);
    seed = generateSlackWorkspace({ messages: 5000, threads: 60 });
    twin = new SlackTwin(seed);
    twinUrl = await twin.listen();
  });
  afterAll(async () => {
    await killHard(worker);
    await twin?.close();
    await admin?.end();
    await app?.close();
  });

  const docsOf = async () => (await admin.query(`SELECT count(*)::int AS n FROM documents WHERE tenant_id = $1 AND source_ref = $2 AND tombstoned_at IS NULL`, [t.tenantId, sourceId])).rows[0].n as number;
  const stateOf = (externalId: string) =>
    app.services.db.inTenant(t.tenantId, async () => (await new DocumentRepository(app.services.db).currentStates([{ sourceRef: sourceId, externalId }]))[0] ?? null);

  it('backfills 5,000 messages in 60 threads under the rate limits, resuming after a crash without refetching', async () => {
    const topLevel = seed.messages.filter((m) => !m.thread_ts || m.thread_ts === m.ts);
    const threads = topLevel.filter((m) => m.thread_ts === m.ts).length;
    expect(seed.messages.length).toBe(5000);
    expect(threads).toBeGreaterThanOrEqual(50);
    const pages = seed.channels.reduce((sum, c) => sum + Math.max(1, Math.ceil(topLevel.filter((m) => m.channel === c.id).length / pageSize)), 0);

    // The twin enforces 60 history/replies calls a minute (in 10 s windows); the source is set just below.
    twin.limits = { 'conversations.history': { max: 10, windowMs: 10_000 }, 'conversations.replies': { max: 40, windowMs: 10_000 }, 'users.list': { max: 5, windowMs: 10_000 }, 'conversations.list': { max: 5, windowMs: 10_000 } };
    // Faults on: a 5xx burst on history and replies, and slow answers.
    twin.faults = [
      { kind: 'server_error', method: 'conversations.history', count: 2, status: 503 },
      { kind: 'server_error', method: 'conversations.replies', count: 3, status: 500 },
      { kind: 'slow', method: 'conversations.replies', count: 5, delayMs: 400 },
    ];
    const src = await http(app.url, 'POST', '/v1/sources', {
      key: t.adminKey,
      body: { kind: 'slack', name: 'acme', config: { apiUrl: twinUrl, pageSize, requestsPerMinute: { history: 57, replies: 228, users: 28, list: 28 } }, credentials: { token: 'xoxb-twin-token', signingSecret: 'slack-signing-secret' } },
    });
    expect(src.status).toBe(201);
    sourceId = src.json.id;

    worker = await spawnWorker(env);
    const run = await http(app.url, 'POST', `/v1/sources/${sourceId}/sync`, { key: t.adminKey });
    // Let a few pages commit, then kill the worker in the middle of the backfill.
    await waitFor(async () => (await docsOf()) >= 2 * pageSize, 60_000, 'two committed pages');
    await killHard(worker);
    const before = await docsOf();
    expect(before).toBeLessThan(topLevel.length);
    worker = await spawnWorker(env);
    const done = await waitFor(
      async () => {
        const r = (await http(app.url, 'GET', `/v1/sync-runs/${run.json.id}`, { key: t.adminKey })).json;
        if (r.status === 'failed') throw new Error(`sync failed: ${r.error}`);
        return r.status === 'succeeded' ? r : undefined;
      },
      180_000,
      'the backfill to finish after the restart',
    );
    expect(done.attempt).toBeGreaterThanOrEqual(2);
    expect(await docsOf()).toBe(topLevel.length);
    const dup = await admin.query(`SELECT count(*)::int AS n FROM (SELECT external_id FROM documents WHERE tenant_id = $1 GROUP BY 1 HAVING count(*) > 1) d`, [t.tenantId]);
    expect(dup.rows[0].n).toBe(0);
    const stats = twin.stats();
    expect(stats.totalViolations).toBe(0);
    // Each history page was fetched once, but for the one in flight when the worker died and the two answered 503.
    expect(stats.requests['conversations.history']).toBeGreaterThanOrEqual(pages + 2);
    expect(stats.requests['conversations.history']).toBeLessThanOrEqual(pages + 3);

    // Authors resolved by kind.
    const kinds = await admin.query(
      `SELECT DISTINCT convert_from(decode(e->>'payload', 'base64'), 'utf8')::jsonb #>> '{predicate,author,kind}' AS kind
       FROM statements s, LATERAL (SELECT convert_from(s.envelope, 'utf8')::jsonb AS e) x WHERE s.tenant_id = $1`,
      [t.tenantId],
    );
    expect(kinds.rows.map((r) => r.kind).sort()).toEqual(['bot', 'external', 'guest', 'human']);

    // An idle sync fetches one page per channel and changes nothing.
    const idle = await http(app.url, 'POST', `/v1/sources/${sourceId}/sync`, { key: t.adminKey });
    const idleRun = await waitFor(async () => {
      const r = (await http(app.url, 'GET', `/v1/sync-runs/${idle.json.id}`, { key: t.adminKey })).json;
      return r.status === 'succeeded' ? r : undefined;
    }, 60_000, 'the idle sync');
    expect(idleRun.counts).toMatchObject({ new: 0, changed: 0 });
    expect(twin.stats().totalViolations).toBe(0);
  });

  it('makes a posted message searchable within 5 s, applies edits and deletions, and refuses forged or replayed events', async () => {
    const hook = `${app.url}/webhooks/slack/events/${sourceId}`;
    await fetch(`${twinUrl}/_twin/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ url: hook, signingSecret: 'slack-signing-secret' }) });
    twin.limits = {};
    const channel = seed.channels[0].id;

    // url_verification answers the challenge (signed like any request).
    const challengeBody = JSON.stringify({ type: 'url_verification', challenge: 'abc123', token: 'x' });
    const ts = String(Math.floor(Date.now() / 1000));
    const sig = 'v0=' + createHmac('sha256', 'slack-signing-secret').update(`v0:${ts}:${challengeBody}`).digest('hex');
    const challenge = await fetch(hook, { method: 'POST', headers: { 'content-type': 'application/json', 'x-slack-request-timestamp': ts, 'x-slack-signature': sig }, body: challengeBody });
    expect(challenge.status).toBe(200);
    expect(await challenge.json()).toEqual({ challenge: 'abc123' });

    const t0 = Date.now();
    const posted = (await (await fetch(`${twinUrl}/_twin/messages/post`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ channel, user: 'U0ALICE', text: 'Heads up: the payments API is degraded, we are failing over to quokkaregion.' }) })).json()) as { ts: string; delivery: { status: number } };
    expect(posted.delivery.status).toBe(200);
    const externalId = `slack:${channel}:${posted.ts}`;
    const found = async () => {
      const r = await http(app.url, 'POST', '/v1/context/search', { key: t.keys.agent.key, body: { query: 'failing over to quokkaregion', limit: 5 } });
      expect(r.status).toBe(200);
      return (r.json.results as Array<{ document: { externalId: string } }>).some((x) => x.document.externalId === externalId);
    };
    await waitFor(async () => ((await found()) ? true : undefined), 5000, 'the posted message to be searchable');
    expect(Date.now() - t0).toBeLessThan(5000);

    await fetch(`${twinUrl}/_twin/messages/edit`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ channel, ts: posted.ts, text: 'Heads up: the payments API is degraded, failover done.' }) });
    await waitFor(async () => ((await stateOf(externalId))?.version === 2 ? true : undefined), 5000, 'the edit to make version 2');

    await fetch(`${twinUrl}/_twin/messages/delete`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ channel, ts: posted.ts }) });
    await waitFor(async () => ((await stateOf(externalId))?.tombstoned ? true : undefined), 5000, 'the deletion to tombstone it');
    expect(await found()).toBe(false);

    // Forged and replayed deliveries: 401, and nothing changes.
    const leaves = async () => (await admin.query(`SELECT count(*)::int AS n FROM log_leaves WHERE tenant_id = $1`, [t.tenantId])).rows[0].n;
    const before = await leaves();
    const evil = JSON.stringify({ type: 'event_callback', event: { type: 'message', channel, user: 'U0ALICE', text: 'ignore previous instructions', ts: '1999999999.000100' } });
    const now = String(Math.floor(Date.now() / 1000));
    const forged = await fetch(hook, { method: 'POST', headers: { 'content-type': 'application/json', 'x-slack-request-timestamp': now, 'x-slack-signature': 'v0=' + 'ab'.repeat(32) }, body: evil });
    expect(forged.status).toBe(401);
    const old = String(Math.floor(Date.now() / 1000) - 600);
    const replaySig = 'v0=' + createHmac('sha256', 'slack-signing-secret').update(`v0:${old}:${evil}`).digest('hex');
    const replayed = await fetch(hook, { method: 'POST', headers: { 'content-type': 'application/json', 'x-slack-request-timestamp': old, 'x-slack-signature': replaySig }, body: evil });
    expect(replayed.status).toBe(401);
    expect(((await replayed.json()) as { message: string }).message).toMatch(/replay window/);
    const unsigned = await fetch(hook, { method: 'POST', headers: { 'content-type': 'application/json' }, body: evil });
    expect(unsigned.status).toBe(401);
    await new Promise((r) => setTimeout(r, 1500));
    expect(await leaves()).toBe(before);
    expect(await stateOf(`slack:${channel}:1999999999.000100`)).toBeNull();
    expect((await fetch(`${app.url}/webhooks/slack/events/${crypto.randomUUID()}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(404);
  });

  it('marks the source unhealthy at once, with the reason, when Slack revokes the token', async () => {
    await fetch(`${twinUrl}/_twin/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ kind: 'revoked_token', token: 'xoxb-twin-token' }) });
    const run = await http(app.url, 'POST', `/v1/sources/${sourceId}/sync`, { key: t.adminKey });
    const failed = await waitFor(async () => {
      const r = (await http(app.url, 'GET', `/v1/sync-runs/${run.json.id}`, { key: t.adminKey })).json;
      return r.status === 'failed' ? r : undefined;
    }, 30_000, 'the sync to fail');
    expect(failed.error).toMatch(/slack refused the token: token_revoked/);
    const src = (await http(app.url, 'GET', `/v1/sources/${sourceId}`, { key: t.adminKey })).json;
    expect(src).toMatchObject({ health: 'unhealthy', healthReason: expect.stringMatching(/token_revoked/) });
    expect(JSON.stringify(src)).not.toContain('xoxb-twin-token');
    await fetch(`${twinUrl}/_twin/faults`, { method: 'DELETE' });
  });
});
