import type { ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import type { Services } from '@ctxvault/services';
import { startApi } from '../../../api/src/server';
import { callApi, spawnWorkers, waitForBatches } from './harness';
import { percentile, progress, round } from './stats';

export interface IngestBenchOptions {
  documents: number;
  batch: number;
  workers: number;
}

function document(i: number, run: string) {
  const body = `Runbook ${i} (${run}). When the payments API returns 5xx errors, check the deploy history, compare error rates per region, and roll back the last release if the error rate rose after it. `;
  return {
    externalId: `bench-${i}`,
    title: `Runbook ${i}`,
    url: `https://wiki.example.com/runbooks/${i}`,
    author: { id: `eng-${i % 50}`, name: `Engineer ${i % 50}`, kind: 'human' },
    text: body.repeat(Math.ceil(1024 / body.length)).slice(0, 1024),
  };
}

/**
 * End-to-end ingestion: documents of 1 KiB pushed over HTTP in batches, processed by worker
 * processes through the whole pipeline (normalize, chunk, scan, embed with the local embedder,
 * sign, store, log) into PostgreSQL. Reports documents/s, chunks/s and the time per step.
 */
export async function ingestBench(s: Services, opts: IngestBenchOptions): Promise<Record<string, unknown>> {
  const run = Date.now().toString(36);
  const api = await startApi(s.config, s, { port: 0 });
  let workers: ChildProcess[] = [];
  try {
    workers = await spawnWorkers(opts.workers);
    const { tenant } = await s.tenancy.tenants.create(`bench-ingest-${run}`, undefined, 'bench');
    const { key } = await s.db.inTenant(tenant.id, () => s.tenancy.keys.create({ role: 'ingest', name: 'bench' }, 'bench'));

    const t0 = performance.now();
    const batches: string[] = [];
    let intakeMs = 0;
    for (let done = 0; done < opts.documents; done += opts.batch) {
      const n = Math.min(opts.batch, opts.documents - done);
      const a = performance.now();
      const r = await callApi('POST', `${api.url}/v1/ingest/documents`, key, { documents: Array.from({ length: n }, (_, i) => document(done + i, run)) });
      intakeMs += performance.now() - a;
      batches.push(r.batchId);
      progress('pushed', done + n, opts.documents);
    }
    const runs = await waitForBatches(s, tenant.id, batches);
    const seconds = (performance.now() - t0) / 1000;
    const chunks = await s.db.inTenant(tenant.id, async () => Number((await s.db.manager().query(`SELECT count(*) AS n FROM chunks WHERE tenant_id = $1`, [tenant.id]))[0].n));
    const steps: Record<string, number> = {};
    for (const r of runs) for (const [k, v] of Object.entries(r.timingsMs)) steps[k] = (steps[k] ?? 0) + v;
    const stepTotal = Object.values(steps).reduce((a, b) => a + b, 0);
    const durations = runs.map((r) => r.durationMs ?? 0).sort((a, b) => a - b);
    return {
      benchmark: 'ingest',
      documents: opts.documents,
      documentBytes: 1024,
      batch: opts.batch,
      workerProcesses: opts.workers,
      embedder: s.config.ingest.embedder,
      seconds: round(seconds),
      documentsPerSecond: round(opts.documents / seconds, 0),
      chunks,
      chunksPerSecond: round(chunks / seconds, 0),
      httpIntakeMs: round(intakeMs, 0),
      batchDurationMs: { p50: percentile(durations, 50), max: durations[durations.length - 1] },
      stepsMs: Object.fromEntries(Object.entries(steps).map(([k, v]) => [k, round(v, 0)])),
      stepsShare: Object.fromEntries(Object.entries(steps).map(([k, v]) => [k, `${round((100 * v) / stepTotal, 1)}%`])),
      note: 'wall time from the first push request to the last batch processed; step times are summed over the worker transactions (they overlap across workers)',
    };
  } finally {
    for (const w of workers) w.kill('SIGTERM');
    await api.close();
  }
}
