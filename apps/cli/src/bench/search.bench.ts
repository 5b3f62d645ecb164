import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { createServer } from 'node:net';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { createEmbedder } from '@ctxvault/retrieval';
import type { Services } from '@ctxvault/services';
import { callApi, jsonLines, spawnCli, spawnWorkers, waitForBatches } from './harness';
import { percentile, progress, round } from './stats';

export interface SearchBenchOptions {
  /** Chunks in the measured tenant. */
  chunks: number;
  /** Tenants in all (the measured one and neighbours of chunks/50 each). */
  tenants: number;
  /** Searches per latency measurement (1 client, and the direct SQL run). */
  searches: number;
  /** Length of the 4-client throughput run. */
  seconds: number;
  corpus: string;
  queries: string;
  workers: number;
}

/** A seeded generator, so every run builds the same collection. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Documents of one chunk each (about 900 characters), made of sentences drawn from the corpus
 * abstracts, titled with a corpus title: real scientific vocabulary and term statistics at any size.
 */
function makeDocuments(corpusPath: string, count: number, seed: number) {
  const corpus = jsonLines(corpusPath).map((d) => ({ title: String(d.title ?? ''), text: String(d.text ?? '') }));
  const sentences = corpus.flatMap((d) => d.text.split(/(?<=\.)\s+/).filter((s) => s.length > 30));
  const next = rng(seed);
  return (i: number) => {
    let text = '';
    while (text.length < 900) text += sentences[Math.floor(next() * sentences.length)] + ' ';
    return { externalId: `doc-${i}`, title: corpus[Math.floor(next() * corpus.length)].title, text: text.slice(0, 1100).trim() };
  };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Search latency and throughput on a loaded store: `tenants` tenants on real PostgreSQL, the
 * measured one holding `chunks` chunks (every document pushed over HTTP and processed by worker
 * processes through the whole pipeline), the others a fiftieth of that each. Then, against an API
 * process on loopback: 1 client's latency, 4 clients' throughput for a bounded time, and the same
 * retrieval statement (BM25 and vector candidates) run directly, for the ratio of HTTP to SQL latency.
 */
export async function searchBench(s: Services, opts: SearchBenchOptions): Promise<Record<string, unknown>> {
  for (const f of [opts.corpus, opts.queries]) {
    if (!existsSync(f)) throw new Error(`${f} not found: the search benchmark builds its documents and queries from a BEIR-layout set (--corpus, --queries; ../shared/data/retrieval by default)`);
  }
  const queries = jsonLines(opts.queries).map((q) => String(q.text));
  const run = Date.now().toString(36);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const children: ChildProcess[] = [];
  // The load generator: node:http over kept-alive connections (one per client), the lightest client
  // Node has, so that it takes as little as it can of the 2 cores the API and PostgreSQL share.
  const connections = new Agent({ keepAlive: true, maxSockets: 4 });
  try {
    // The API in its own process: the load generator must not share its event loop.
    children.push(await spawnCli(['api'], 'api listening', { API_PORT: String(port), API_HOST: '127.0.0.1', RATE_LIMIT_REQUESTS: '10000000' }));
    children.push(...(await spawnWorkers(opts.workers)));

    // Load: the measured tenant last, so its HNSW graph and posting lists are the freshest pages.
    const sizes = Array.from({ length: opts.tenants }, (_, i) => (i === opts.tenants - 1 ? opts.chunks : Math.ceil(opts.chunks / 50)));
    const t0 = performance.now();
    let measured: { id: string; agentKey: string } | null = null;
    for (const [ti, size] of sizes.entries()) {
      const { tenant } = await s.tenancy.tenants.create(`bench-search-${run}-${ti}`, undefined, 'bench');
      const ingest = await s.db.inTenant(tenant.id, () => s.tenancy.keys.create({ role: 'ingest', name: 'bench ingest' }, 'bench'));
      const make = makeDocuments(opts.corpus, size, ti + 1);
      const batches: string[] = [];
      for (let done = 0; done < size; done += 1000) {
        const n = Math.min(1000, size - done);
        const r = await callApi('POST', `${url}/v1/ingest/documents`, ingest.key, { documents: Array.from({ length: n }, (_, i) => make(done + i)) });
        batches.push(r.batchId);
        progress(`tenant ${ti + 1}/${sizes.length}: pushed`, done + n, size);
      }
      await waitForBatches(s, tenant.id, batches);
      if (ti === sizes.length - 1) {
        const agent = await s.db.inTenant(tenant.id, () => s.tenancy.keys.create({ role: 'agent', name: 'bench agent' }, 'bench'));
        measured = { id: tenant.id, agentKey: agent.key };
      }
    }
    const loadSeconds = (performance.now() - t0) / 1000;
    const { id: tenantId, agentKey } = measured!;
    const chunkCount = await s.db.inTenant(tenantId, async () => Number((await s.db.manager().query(`SELECT count(*) AS n FROM chunks WHERE tenant_id = $1`, [tenantId]))[0].n));
    // As after any bulk load: fresh planner statistics and visibility maps, and (with an
    // administrator connection) a checkpoint, so that writing out the load's pages does not fall
    // into the measured searches (each of which commits its audit leaf and waits for the WAL flush).
    const admin = new Client({ connectionString: s.config.database.ownerUrl ?? s.config.database.url });
    await admin.connect();
    await admin.query('VACUUM ANALYZE');
    await admin.end();
    if (s.config.database.adminUrl) {
      const su = new Client({ connectionString: s.config.database.adminUrl });
      await su.connect();
      await su.query('CHECKPOINT');
      await su.end();
    }

    const search = (q: string) =>
      new Promise<number>((resolve, reject) => {
        const a = performance.now();
        const body = JSON.stringify({ query: q });
        const req = request(`${url}/v1/context/search`, { method: 'POST', agent: connections, headers: { authorization: `Bearer ${agentKey}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
          res.on('data', () => undefined);
          res.on('error', reject);
          res.on('end', () => (res.statusCode === 200 ? resolve(performance.now() - a) : reject(new Error(`search answered ${res.statusCode}`))));
        });
        req.on('error', reject);
        req.end(body);
      });
    // Warm-up: every query once (caches, prepared plans), not measured.
    for (let i = 0; i < Math.min(queries.length, 300); i++) await search(queries[i]);

    // 1 client, each query searched over HTTP and then its retrieval statement run directly in a
    // tenant transaction (no HTTP, no ranking, no provenance), alternately: both sides of the ratio
    // are measured in the same moments, whatever else the machine does meanwhile.
    const embedder = createEmbedder(s.config);
    const single: number[] = [];
    const sql: number[] = [];
    for (let i = 0; i < opts.searches; i++) {
      const q = queries[i % queries.length];
      single.push(await search(q));
      const [v] = await embedder.embed([q]);
      const a = performance.now();
      await s.db.inTenant(tenantId, () => s.search.retrieve(q, v, s.config.search.defaultResults));
      sql.push(performance.now() - a);
      if ((i + 1) % 100 === 0) progress('1 client', i + 1, opts.searches);
    }
    single.sort((a, b) => a - b);
    sql.sort((a, b) => a - b);

    // Throughput: 4 clients, each searching back to back until the time is up.
    let count = 0;
    const concurrent: number[] = [];
    const end = performance.now() + opts.seconds * 1000;
    await Promise.all(
      Array.from({ length: 4 }, async (_, c) => {
        for (let i = c; performance.now() < end; i += 4) {
          concurrent.push(await search(queries[i % queries.length]));
          count++;
        }
      }),
    );
    concurrent.sort((a, b) => a - b);

    return {
      benchmark: 'search',
      tenants: opts.tenants,
      measuredTenantChunks: chunkCount,
      tenantsInStore: await s.db.asPlatform(async () => Number((await s.db.manager('platform').query(`SELECT count(*) AS n FROM tenants`))[0].n)),
      chunksInStore: Number((await s.db.system(() => s.db.manager('system').query(`SELECT coalesce(sum(reltuples), 0)::bigint AS n FROM pg_class WHERE relname LIKE 'chunks_t%' AND relkind = 'r'`)))[0].n),
      loadSeconds: round(loadSeconds, 1),
      embedder: s.config.ingest.embedder,
      limit: s.config.search.defaultResults,
      oneClient: { searches: opts.searches, p50Ms: round(percentile(single, 50)), p99Ms: round(percentile(single, 99)) },
      fourClients: { seconds: opts.seconds, searches: count, searchesPerSecond: round(count / opts.seconds, 1), p50Ms: round(percentile(concurrent, 50)), p99Ms: round(percentile(concurrent, 99)) },
      directSql: { p50Ms: round(percentile(sql, 50)), p99Ms: round(percentile(sql, 99)) },
      httpToSqlRatio: { p50: round(percentile(single, 50) / percentile(sql, 50)), p99: round(percentile(single, 99) / percentile(sql, 99)) },
      note: 'HTTP latency at the client on loopback, API in its own process; direct SQL = the retrieval statement of one search (BM25 and vector candidates, with its hnsw settings) in one tenant transaction from this process, alternating with the HTTP searches of the 1-client run',
    };
  } finally {
    connections.destroy();
    for (const c of children) c.kill('SIGTERM');
  }
}
