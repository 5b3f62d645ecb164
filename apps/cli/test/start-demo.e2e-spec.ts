import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { http, uniqueSlug, waitFor } from '@ctxvault/testing';

jest.setTimeout(120_000);

/** A base port with the two ports after it free too, below the ephemeral range so nothing takes them meanwhile. */
async function freePortRun(count: number): Promise<number> {
  const free = (port: number) =>
    new Promise<boolean>((resolve) => {
      const s = createServer();
      s.once('error', () => resolve(false));
      s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
    });
  for (;;) {
    const base = 20_000 + Math.floor(Math.random() * 12_000);
    let ok = true;
    for (let i = 0; i < count && ok; i++) ok = await free(base + i);
    if (ok) return base;
  }
}

/**
 * `ctxvault start` as a user runs it: the demo tenant, the demo company's Slack, Notion and Sentry
 * twins connected as sources, and their content found through search with the printed agent key.
 */
describe('ctxvault start: the demo company in search (real PostgreSQL and Redis)', () => {
  let child: ChildProcess | null = null;
  let dir: string;
  let out = '';
  let err = '';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ctxvault-start-'));
    const bin = join(__dirname, '..', '..', '..', 'bin', 'ctxvault');
    const twinsPort = await freePortRun(3);
    child = spawn('node', [bin, 'start'], {
      cwd: dir,
      env: {
        ...process.env,
        API_PORT: '0',
        CTXVAULT_DATA_DIR: join(dir, 'data'),
        DEMO_TENANT: uniqueSlug('demo'),
        DEMO_TWINS_PORT: String(twinsPort),
        QUEUE_PREFIX: uniqueSlug('start'),
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d) => (out += d.toString()));
    child.stderr!.on('data', (d) => (err += d.toString()));
    await waitFor(async () => (out.includes('Press Ctrl-C to stop.') ? true : child!.exitCode !== null ? Promise.reject(new Error(`start exited: ${err.slice(-800)}`)) : undefined), 60_000, 'ctxvault start to announce itself');
  });

  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child!.once('exit', r));
      child.kill('SIGINT');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints the keys once, keeps them in the data folder, and serves the twins\' content in search', async () => {
    const url = /ContextVault is running at (http:\/\/\S+)/.exec(out)![1];
    expect(out).toMatch(/connected as sources demo-slack, demo-notion and demo-sentry/);
    const creds = JSON.parse(readFileSync(join(dir, 'data', 'demo-credentials.json'), 'utf8')) as { agentKey: string; adminKey: string };
    expect(out).toContain(creds.agentKey);

    const search = async (query: string) => {
      const r = await http(url, 'POST', '/v1/context/search', { key: creds.agentKey, body: { query, limit: 10 } });
      expect(r.status).toBe(200);
      return r.json.results as Array<{ document: { sourceKind: string; title: string | null }; flags: Array<{ code: string }> }>;
    };
    const kinds = async (query: string) => new Set((await search(query)).map((r) => r.document.sourceKind));
    await waitFor(async () => ((await kinds('Runbook payments failover')).has('notion') ? true : undefined), 60_000, 'the Notion runbook in search');
    await waitFor(async () => ((await kinds('INC-2231 payments-api rolling back')).has('slack') ? true : undefined), 60_000, 'the Slack incident thread in search');
    await waitFor(async () => ((await kinds('TimeoutError Payline charge timed out')).has('sentry') ? true : undefined), 60_000, 'the Sentry issue in search');

    // Sentry text is world-writable: the result says so.
    const sentry = (await search('TimeoutError Payline charge timed out')).find((r) => r.document.sourceKind === 'sentry')!;
    expect(sentry.flags.map((f) => f.code)).toContain('provenance.world_writable_source');
  });
});
