import type { AppConfig } from '@ctxvault/config';
import { provenanceBench } from '../bench/provenance.bench';
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
    default:
      throw new UsageError('usage: ctxvault bench provenance [--statements N] [--batch N] [--leaves N] [--proofs N]');
  }
}
