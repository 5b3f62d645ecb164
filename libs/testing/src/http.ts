/** A small HTTP client for e2e tests: real requests over loopback, raw bodies allowed. */
export interface HttpResult {
  status: number;
  headers: Headers;
  text: string;
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export async function http(
  base: string,
  method: string,
  path: string,
  opts: { key?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
): Promise<HttpResult> {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.key) headers.authorization = `Bearer ${opts.key}`;
  let body: string | undefined;
  if (opts.rawBody !== undefined) body = opts.rawBody;
  else if (opts.body !== undefined) body = JSON.stringify(opts.body);
  if (body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
    headers['content-type'] = 'application/json';
  }
  const res = await fetch(base + path, { method, headers, body });
  const text = await res.text();
  let json: unknown = undefined;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

export async function waitFor<T>(fn: () => Promise<T | undefined | false>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v as T;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Waits until a push batch (`POST /v1/ingest/documents` → batchId) has been processed. */
export function waitForBatch(base: string, key: string, batchId: string, timeoutMs = 30_000): Promise<true> {
  return waitFor(async () => ((await http(base, 'GET', `/v1/ingest/batches/${batchId}`, { key })).json.status === 'succeeded' ? true : undefined), timeoutMs, 'the batch');
}

/** Queues a sync of a source (202 expected) and waits for its run to succeed; a failed run throws with its error. */
export async function syncAndWait(base: string, adminKey: string, sourceId: string, timeoutMs: number, what = 'the sync'): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const run = await http(base, 'POST', `/v1/sources/${sourceId}/sync`, { key: adminKey });
  if (run.status !== 202) throw new Error(`POST /v1/sources/${sourceId}/sync answered ${run.status}, not 202: ${run.text}`);
  return waitFor(
    async () => {
      const r = (await http(base, 'GET', `/v1/sync-runs/${run.json.id}`, { key: adminKey })).json;
      if (r.status === 'failed') throw new Error(`sync failed: ${r.error}`);
      return r.status === 'succeeded' ? r : undefined;
    },
    timeoutMs,
    what,
  );
}
