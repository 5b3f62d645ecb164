import { existsSync } from 'node:fs';
import type { AppConfig } from '@ctxvault/config';
import { createServices, Services } from '@ctxvault/services';
import { retrievalEval } from '../eval/retrieval.eval';
import { provenanceBench } from '../bench/provenance.bench';
import { ingestBench } from '../bench/ingest.bench';
import { searchBench } from '../bench/search.bench';
import { createRedis, QueueClient } from '@ctxvault/queue';
import { openCliDatabase } from '../db-connection';
import { intFlag, ParsedArgs, rejectUnknownFlags, UsageError } from '../args';
import { withServices } from './admin.command';

/** `ctxvault bench <name>`: runs a benchmark against DATABASE_URL and prints its figures as JSON. */
export async function benchCommand(config: AppConfig, name: string | undefined, args: ParsedArgs): Promise<unknown> {
  switch (name) {
    case 'provenance':
      rejectUnknownFlags(args, ['statements', 'batch', 'leaves', 'proofs']);
      return withServices(config, (s) =>
        provenanceBench(s, {
          statements: intFlag(args, 'statements', 20_000, 1, 10_000_000),
          batch: intFlag(args, 'batch', 1000, 1, 50_000),
          leaves: intFlag(args, 'leaves', 1_000_000, 1, 100_000_000),
          proofs: intFlag(args, 'proofs', 2000, 1, 1_000_000),
        }),
      );
    case 'ingest':
      rejectUnknownFlags(args, ['documents', 'batch', 'workers']);
      return withQueueServices(config, (s) =>
        ingestBench(s, {
          documents: intFlag(args, 'documents', 10_000, 1, 10_000_000),
          batch: intFlag(args, 'batch', 1000, 1, 100_000),
          workers: intFlag(args, 'workers', 2, 1, 16),
        }),
      );
    case 'search':
      rejectUnknownFlags(args, ['chunks', 'tenants', 'searches', 'seconds', 'corpus', 'queries', 'workers']);
      return withQueueServices(config, (s) =>
        searchBench(s, {
          chunks: intFlag(args, 'chunks', 100_000, 100, 10_000_000),
          tenants: intFlag(args, 'tenants', 10, 1, 1000),
          searches: intFlag(args, 'searches', 2000, 10, 1_000_000),
          seconds: intFlag(args, 'seconds', 30, 1, 3600),
          corpus: typeof args.flags.corpus === 'string' ? args.flags.corpus : '../shared/data/retrieval/corpus.jsonl.gz',
          queries: typeof args.flags.queries === 'string' ? args.flags.queries : '../shared/data/retrieval/queries.jsonl',
          workers: intFlag(args, 'workers', 2, 1, 16),
        }),
      );
    default:
      throw new UsageError('usage: ctxvault bench provenance [--statements N] [--batch N] [--leaves N] [--proofs N] | ctxvault bench ingest [--documents N] [--batch N] [--workers N] | ctxvault bench search [--chunks N] [--tenants N] [--searches N] [--seconds N] [--corpus FILE] [--queries FILE] [--workers N]');
  }
}

/** Services with a queue producer (for commands that push documents for worker processes). */
async function withQueueServices<T>(config: AppConfig, fn: (s: Services) => Promise<T>): Promise<T> {
  const open = await openCliDatabase(config);
  const conn = createRedis(config.redis.url);
  const queue = new QueueClient(conn, config.redis.queuePrefix);
  try {
    return await fn(createServices(config, open.db, { queue }));
  } finally {
    await queue.close();
    conn.disconnect();
    await open.close();
  }
}

const EVAL_USAGE = 'usage: ctxvault eval retrieval --corpus FILE --queries FILE --qrels FILE [--batch N] [--workers N] [--max-queries N]';

/** `ctxvault eval retrieval`: retrieval quality of the real ingest and search paths on a BEIR-layout set. */
export async function evalCommand(config: AppConfig, name: string | undefined, args: ParsedArgs): Promise<unknown> {
  if (name !== 'retrieval') throw new UsageError(EVAL_USAGE);
  rejectUnknownFlags(args, ['corpus', 'queries', 'qrels', 'batch', 'workers', 'max-queries']);
  const file = (flag: string) => {
    const v = args.flags[flag];
    if (typeof v !== 'string' || !v) throw new UsageError(`--${flag} FILE is required; ${EVAL_USAGE}`);
    if (!existsSync(v)) throw new UsageError(`--${flag}: no file ${v}`);
    return v;
  };
  const opts = {
    corpus: file('corpus'),
    queries: file('queries'),
    qrels: file('qrels'),
    batch: intFlag(args, 'batch', 500, 1, config.ingest.pushMaxDocuments),
    workers: intFlag(args, 'workers', 2, 1, 16),
    maxQueries: intFlag(args, 'max-queries', 0, 0, 1_000_000),
  };
  // The evaluation's own API answers 100 results per query (for recall@100) and does not rate-limit its client.
  const evalConfig: AppConfig = {
    ...config,
    search: { ...config.search, maxResults: Math.max(100, config.search.maxResults) },
    http: { ...config.http, rateLimitPerWindow: 10_000_000 },
  };
  return withQueueServices(evalConfig, (s) => retrievalEval(s, opts));
}
