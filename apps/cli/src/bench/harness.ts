import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Services } from '@ctxvault/services';
import { progress } from './stats';

const live = new Set<ChildProcess>();
let handling = false;

/** An interrupted benchmark (Ctrl-C, SIGTERM) stops the API and worker processes it started. */
function stopChildrenOnSignal(): void {
  if (handling) return;
  handling = true;
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    process.once(signal, () => {
      for (const c of live) c.kill('SIGTERM');
      process.exit(code);
    });
  }
}

/**
 * Starts `ctxvault <args>` as a child process and resolves once it logs `ready` (at info level, on
 * stderr); rejects with its last output when it exits first or takes over 30 s.
 */
export async function spawnCli(args: string[], ready: string, env: Record<string, string> = {}): Promise<ChildProcess> {
  stopChildrenOnSignal();
  // The child runs with this process's Node and V8 flags (`--no-regexp-tier-up`, as every ctxvault process).
  const child = spawn(process.execPath, [...process.execArgv, join(__dirname, '..', 'main.js'), ...args], { env: { ...process.env, LOG_LEVEL: 'info', ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  live.add(child);
  child.once('exit', () => live.delete(child));
  try {
    await new Promise<void>((resolve, reject) => {
      let buf = '';
      let started = false;
      setTimeout(() => reject(new Error(`ctxvault ${args.join(' ')} did not start within 30 s: ${buf.slice(-400)}`)), 30_000).unref();
      // Read until the process says it is ready; after that its log (a line per request) is drained unread.
      child.stderr!.on('data', (d) => {
        if (started) return;
        buf = (buf + d.toString()).slice(-65_536);
        if (buf.includes(`"${ready}"`)) {
          started = true;
          buf = '';
          resolve();
        }
      });
      child.on('exit', (code) => reject(new Error(`ctxvault ${args.join(' ')} exited (${code}): ${buf.slice(-400)}`)));
    });
    return child;
  } catch (e) {
    child.kill('SIGTERM');
    throw e;
  }
}

/** Starts worker processes (`ctxvault worker`), each ready when it says it has started. */
export async function spawnWorkers(count: number): Promise<ChildProcess[]> {
  const workers: ChildProcess[] = [];
  try {
    for (let i = 0; i < count; i++) workers.push(await spawnCli(['worker'], 'worker started'));
    return workers;
  } catch (e) {
    for (const w of workers) w.kill('SIGTERM');
    throw e;
  }
}

/** Reads a JSON-lines file (gzip when it ends in .gz), naming the line of any malformed record. */
export function jsonLines(path: string): Array<Record<string, unknown>> {
  let raw: Buffer;
  try {
    raw = readFileSync(path);
  } catch (e) {
    throw new Error(`cannot read ${path}: ${(e as Error).message}`);
  }
  const text = (path.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
  return text
    .split('\n')
    .map((l, i) => [l.trim(), i + 1] as const)
    .filter(([l]) => l)
    .map(([l, n]) => {
      try {
        return JSON.parse(l);
      } catch {
        throw new Error(`${path} line ${n} is not JSON`);
      }
    });
}

/** A JSON request with an API key; refuses any non-2xx answer with its message. */
export async function callApi(method: 'GET' | 'POST', url: string, key: string, body?: unknown): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const res = await fetch(url, { method, headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body) });
  const json = (await res.json()) as { message?: string };
  if (res.status >= 300) throw new Error(`${method} ${new URL(url).pathname} failed: ${res.status} ${json.message}`);
  return json;
}

/** Waits until every push batch has finished; throws when one failed. Prints progress. */
export async function waitForBatches(s: Services, tenantId: string, batches: string[]) {
  const runs = await s.db.inTenant(tenantId, async () => {
    for (;;) {
      // One after another: the queries share the transaction's connection.
      const states = [];
      for (const id of batches) states.push(await s.sources.run(id));
      const finished = states.filter((r) => r.status === 'succeeded' || r.status === 'failed');
      progress('processed batches', finished.length, batches.length);
      if (finished.length === batches.length) return states;
      await new Promise((r) => setTimeout(r, 200));
    }
  });
  const failed = runs.filter((r) => r.status === 'failed');
  if (failed.length) throw new Error(`${failed.length} batches failed: ${failed[0].error}`);
  return runs;
}
