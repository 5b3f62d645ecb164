import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { Client } from 'pg';
import { adminUrlForTestDb, createTenantWithKeys, http, startTestApp, TestApp, uniqueSlug, waitFor } from '@ctxvault/testing';

const root = join(__dirname, '..', '..', '..');

/**
 * The worker is a separate process, killed with SIGKILL at random points while it processes a
 * 2,000-document push batch, and restarted. In the end every document is present exactly once,
 * with exactly one version and one leaf, and the store verifies.
 */
describe('worker crashes during a push batch (real PostgreSQL and Redis)', () => {
  const prefix = `ctxvault-crash-${process.pid}`;
  const env = { QUEUE_PREFIX: prefix, WORKER_LOCK_SECONDS: '1', INGEST_BATCH_SIZE: '40', PUSH_MAX_DOCUMENTS: '2000', RATE_LIMIT_REQUESTS: '1000000' };
  let app: TestApp;
  let admin: Client;
  let worker: ChildProcess | null = null;

  beforeAll(async () => {
    app = await startTestApp(env, { worker: false });
    admin = new Client({ connectionString: adminUrlForTestDb(app.config) });
    await admin.connect();
  });
  afterAll(async () => {
    worker?.kill('SIGKILL');
    await admin?.end();
    await app?.close();
  });

  function startWorker(): Promise<ChildProcess> {
    return new Promise((resolve, reject) => {
      const child = spawn('node', [join(root, 'bin/ctxvault'), 'worker'], { env: { ...process.env, ...env, LOG_LEVEL: 'info' }, stdio: ['ignore', 'ignore', 'pipe'] });
      let buf = '';
      const timer = setTimeout(() => reject(new Error(`worker did not start: ${buf.slice(-500)}`)), 20_000);
      child.stderr!.on('data', (d) => {
        buf += d.toString();
        if (buf.includes('"worker started"')) {
          clearTimeout(timer);
          resolve(child);
        }
      });
      child.on('exit', (code) => {
        if (!buf.includes('"worker started"')) reject(new Error(`worker exited (${code}): ${buf.slice(-500)}`));
      });
    });
  }

  it('loses nothing and duplicates nothing across repeated SIGKILLs', async () => {
    const t = await createTenantWithKeys(app.tenancy, uniqueSlug('crash'), ['ingest', 'security']);
    const documents = Array.from({ length: 2000 }, (_, i) => ({
      externalId: `doc-${i}`,
      title: `Document ${i}`,
      text: `Document ${i}.\n\n` + 'Operational knowledge that an agent may need. '.repeat(20),
      author: { id: `u${i % 13}`, kind: 'human' },
    }));
    const pushed = await http(app.url, 'POST', '/v1/ingest/documents', { key: t.keys.ingest.key, body: { documents } });
    expect(pushed.status).toBe(202);
    expect(pushed.json.accepted).toBe(2000);
    const batchId = pushed.json.batchId;
    const pending = async () =>
      (await admin.query(`SELECT count(*)::int AS n FROM ingest_items WHERE tenant_id = $1 AND run_id = $2 AND processed_at IS NULL`, [t.tenantId, batchId])).rows[0].n;

    const killedWithPending: number[] = [];
    for (let round = 0; round < 6 && (await pending()) > 0; round++) {
      const before = await pending();
      worker = await startWorker();
      // Kill mid-batch: once this worker has committed some documents (however long a restarted job
      // takes to be picked up on a loaded machine), after a random further moment.
      await waitFor(async () => ((await pending()) < before ? true : undefined), 60_000, 'the restarted worker to make progress');
      await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 400)));
      worker.kill('SIGKILL');
      await new Promise((r) => worker!.once('exit', r));
      worker = null;
      killedWithPending.push(await pending());
    }
    expect(killedWithPending.filter((n) => n > 0 && n < 2000).length).toBeGreaterThanOrEqual(2);

    worker = await startWorker();
    const run = await waitFor(
      async () => {
        const r = (await http(app.url, 'GET', `/v1/ingest/batches/${batchId}`, { key: t.keys.ingest.key })).json;
        return r.status === 'succeeded' ? r : undefined;
      },
      120_000,
      'the push batch to finish after the crashes',
    );
    expect(run.attempt).toBeGreaterThanOrEqual(2);
    worker.kill('SIGTERM');

    const q = async (sql: string) => (await admin.query(sql, [t.tenantId])).rows[0];
    expect(await q(`SELECT count(*)::int AS n, count(DISTINCT external_id)::int AS d FROM documents WHERE tenant_id = $1`)).toEqual({ n: 2000, d: 2000 });
    expect(await q(`SELECT count(*)::int AS n, max(version)::int AS v FROM document_versions WHERE tenant_id = $1`)).toEqual({ n: 2000, v: 1 });
    expect(await q(`SELECT count(*)::int AS n, count(DISTINCT version_id)::int AS d FROM statements WHERE tenant_id = $1`)).toEqual({ n: 2000, d: 2000 });
    expect(await q(`SELECT count(*)::int AS n FROM log_leaves WHERE tenant_id = $1 AND kind = 'statement'`)).toEqual({ n: 2000 });
    expect(await q(`SELECT count(DISTINCT document_id)::int AS n FROM chunks WHERE tenant_id = $1`)).toEqual({ n: 2000 });
    expect(await q(`SELECT count(*)::int AS n FROM (SELECT version_id, ordinal FROM chunks WHERE tenant_id = $1 GROUP BY 1, 2 HAVING count(*) > 1) d`)).toEqual({ n: 0 });
    const verify = await http(app.url, 'POST', '/v1/verify', { key: t.keys.security.key });
    expect(verify.json.failures).toEqual([]);
    expect(verify.json.ok).toBe(true);
  }, 300_000);
});
