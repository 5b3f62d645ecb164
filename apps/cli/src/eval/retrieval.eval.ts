import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { Services } from '@ctxvault/services';
import { startApi } from '../../../api/src/server';
import { callApi, jsonLines, spawnWorkers, waitForBatches } from '../bench/harness';
import { percentile, progress, round } from '../bench/stats';

export interface RetrievalEvalOptions {
  corpus: string;
  queries: string;
  qrels: string;
  /** Documents per push request. */
  batch: number;
  workers: number;
  /** Evaluate only the first N judged queries (0: all). */
  maxQueries: number;
}

/** BEIR qrels: a TSV with a header line `query-id corpus-id score`. */
export function readQrels(path: string): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  const lines = readFileSync(path, 'utf8').split('\n').map((l) => l.trim()).filter(Boolean);
  lines.forEach((line, i) => {
    const [q, d, s] = line.split(/\s+/);
    if (i === 0 && isNaN(Number(s))) return;
    const score = Number(s);
    if (!q || !d || !Number.isFinite(score)) throw new Error(`${path} line ${i + 1}: expected "query-id corpus-id score"`);
    if (!out.has(q)) out.set(q, new Map());
    out.get(q)!.set(d, score);
  });
  return out;
}

/** nDCG@k with graded gains (as trec_eval and BEIR compute it: gain = relevance, log2 discount). */
export function ndcgAt(k: number, ranked: string[], judged: Map<string, number>): number {
  let dcg = 0;
  ranked.slice(0, k).forEach((id, i) => (dcg += (judged.get(id) ?? 0) / Math.log2(i + 2)));
  const ideal = [...judged.values()].filter((g) => g > 0).sort((a, b) => b - a).slice(0, k);
  const idcg = ideal.reduce((acc, g, i) => acc + g / Math.log2(i + 2), 0);
  return idcg ? dcg / idcg : 0;
}

export function recallAt(k: number, ranked: string[], judged: Map<string, number>): number {
  const relevant = [...judged.entries()].filter(([, g]) => g > 0).map(([d]) => d);
  if (!relevant.length) return 0;
  const top = new Set(ranked.slice(0, k));
  return relevant.filter((d) => top.has(d)).length / relevant.length;
}

/**
 * Retrieval quality on a BEIR-layout set: the corpus is pushed over HTTP into a fresh tenant and
 * processed by worker processes through the whole ingestion pipeline; every judged query is then
 * asked through POST /v1/context/search (limit 100) and scored against the judgments.
 */
export async function retrievalEval(s: Services, opts: RetrievalEvalOptions): Promise<Record<string, unknown>> {
  const corpus = jsonLines(opts.corpus).map((d, i) => {
    if (typeof d._id !== 'string' || typeof d.text !== 'string') throw new Error(`${opts.corpus} record ${i + 1} needs string _id and text`);
    return { _id: d._id, title: typeof d.title === 'string' ? d.title : '', text: d.text };
  });
  const qrels = readQrels(opts.qrels);
  let queries = jsonLines(opts.queries)
    .map((q) => ({ id: String(q._id), text: String(q.text ?? '') }))
    .filter((q) => qrels.has(q.id) && q.text.trim());
  if (opts.maxQueries) queries = queries.slice(0, opts.maxQueries);
  if (!queries.length) throw new Error('no query of the queries file has judgments in the qrels file');

  const run = Date.now().toString(36);
  if (s.config.search.maxResults < 100) throw new Error('the evaluation asks for 100 results per query: run it with SEARCH_MAX_RESULTS of at least 100');
  const api = await startApi(s.config, s, { port: 0 });
  let workers: ChildProcess[] = [];
  try {
    workers = await spawnWorkers(opts.workers);
    const { tenant } = await s.tenancy.tenants.create(`eval-retrieval-${run}`, undefined, 'eval');
    const ingest = await s.db.inTenant(tenant.id, () => s.tenancy.keys.create({ role: 'ingest', name: 'eval ingest' }, 'eval'));
    const agent = await s.db.inTenant(tenant.id, () => s.tenancy.keys.create({ role: 'agent', name: 'eval agent' }, 'eval'));

    const t0 = performance.now();
    const batches: string[] = [];
    for (let done = 0; done < corpus.length; done += opts.batch) {
      const slice = corpus.slice(done, done + opts.batch);
      const r = await callApi('POST', `${api.url}/v1/ingest/documents`, ingest.key, {
        documents: slice.map((d) => ({ externalId: d._id, title: d.title || undefined, text: d.text || d.title || '(empty)' })),
      });
      batches.push(r.batchId);
      progress('pushed documents', Math.min(done + opts.batch, corpus.length), corpus.length);
    }
    await waitForBatches(s, tenant.id, batches);
    const ingestSeconds = (performance.now() - t0) / 1000;

    const ndcg10: number[] = [];
    const recall10: number[] = [];
    const recall100: number[] = [];
    const latencies: number[] = [];
    for (const [i, q] of queries.entries()) {
      const a = performance.now();
      const r = await callApi('POST', `${api.url}/v1/context/search`, agent.key, { query: q.text.slice(0, s.config.search.maxQueryChars), limit: 100 });
      latencies.push(performance.now() - a);
      const ranked = (r.results as Array<{ document: { externalId: string } }>).map((x) => x.document.externalId);
      const judged = qrels.get(q.id)!;
      ndcg10.push(ndcgAt(10, ranked, judged));
      recall10.push(recallAt(10, ranked, judged));
      recall100.push(recallAt(100, ranked, judged));
      if ((i + 1) % 25 === 0 || i + 1 === queries.length) progress('queries', i + 1, queries.length);
    }
    const mean = (xs: number[]) => round(xs.reduce((a, b) => a + b, 0) / xs.length, 4);
    latencies.sort((a, b) => a - b);
    return {
      eval: 'retrieval',
      corpus: opts.corpus,
      documents: corpus.length,
      queries: queries.length,
      embedder: s.config.ingest.embedder,
      'nDCG@10': mean(ndcg10),
      'recall@10': mean(recall10),
      'recall@100': mean(recall100),
      latencyMs: { p50: round(percentile(latencies, 50)), p99: round(percentile(latencies, 99)) },
      ingestSeconds: round(ingestSeconds, 1),
      tenant: tenant.slug,
      note: 'documents pushed over HTTP and processed by worker processes; each query asked through POST /v1/context/search (limit 100), latency measured at the HTTP client',
    };
  } finally {
    for (const w of workers) w.kill('SIGTERM');
    await api.close();
  }
}
