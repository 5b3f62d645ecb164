import type { AppConfig } from '@ctxvault/config';
import { provenanceBench } from '../bench/provenance.bench';
import { ingestBench } from '../bench/ingest.bench';
import { createRedis, QueueClient } from '@ctxvault/queue';
import { createServices } from '@ctxvault/services';
import { openCliDatabase } from '../db-connection';
import { ParsedArgs, rejectUnknownFlags, UsageError } from '../args';
import { withServices } from './admin.command';

function intFlag(args: ParsedArgs, name: string, def: number, min: number, max: number): number {
  const raw = args.flags[name];
  if (raw === undefined) return def;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`--${name} must be a whole number from ${min} to ${max}`);
  return n;
}

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
    case 'ingest': {
      rejectUnknownFlags(args, ['documents', 'batch', 'workers']);
      const open = await openCliDatabase(config);
      const conn = createRedis(config.redis.url);
      const queue = new QueueClient(conn, config.redis.queuePrefix);
      try {
        return await ingestBench(createServices(config, open.db, { queue }), {
          documents: intFlag(args, 'documents', 10_000, 1, 10_000_000),
          batch: intFlag(args, 'batch', 1000, 1, 100_000),
          workers: intFlag(args, 'workers', 2, 1, 16),
        });
      } finally {
        await queue.close();
        conn.disconnect();
        await open.close();
      }
    }
    default:
      throw new UsageError('usage: ctxvault bench provenance [--statements N] [--batch N] [--leaves N] [--proofs N] | ctxvault bench ingest [--documents N] [--batch N] [--workers N]');
  }
}
