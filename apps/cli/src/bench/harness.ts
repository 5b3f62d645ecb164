import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import type { Services } from '@ctxvault/services';
import { progress } from './stats';

/** Starts worker processes (`ctxvault worker`) and resolves once each says it has started. */
export async function spawnWorkers(count: number): Promise<ChildProcess[]> {
  const workers: ChildProcess[] = [];
  try {
    for (let i = 0; i < count; i++) {
      // The worker announces itself at info level; that line is how the caller knows it is ready.
      const child = spawn(process.execPath, [join(__dirname, '..', 'main.js'), 'worker'], { env: { ...process.env, LOG_LEVEL: 'info' }, stdio: ['ignore', 'ignore', 'pipe'] });
      workers.push(child);
      await new Promise<void>((resolve, reject) => {
        let buf = '';
        setTimeout(() => reject(new Error(`worker did not start within 30 s: ${buf.slice(-400)}`)), 30_000).unref();
        child.stderr!.on('data', (d) => {
          buf += d.toString();
          if (buf.includes('"worker started"')) resolve();
        });
        child.on('exit', (code) => reject(new Error(`worker exited (${code}): ${buf.slice(-400)}`)));
      });
    }
    return workers;
  } catch (e) {
    for (const w of workers) w.kill('SIGTERM');
    throw e;
  }
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
      const states = await Promise.all(batches.map((id) => s.sources.run(id)));
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
