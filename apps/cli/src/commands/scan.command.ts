import { createReadStream, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { assess, DETECTOR_SET_VERSION, scanText } from '@ctxvault/poisoning';
import { intFlag, ParsedArgs, rejectUnknownFlags, UsageError } from '../args';
import { jsonLines } from '../bench/harness';
import { labeledRow, poisonEval, PoisonEvalReport } from '../eval/poison.eval';
import { DEFAULT_TRAIN_POISON, trainPoison, TrainPoisonReport } from '../eval/poison-train';
import { scanBench } from '../bench/scan.bench';

/** One scan result line: the fields `ctxvault scan` prints for each input line. */
export function scanLine(text: string): { flagged: boolean; score: number; severity: string; flags: Array<{ code: string; severity: string; start: number; end: number }> } {
  const findings = scanText(text);
  const a = assess(findings);
  return { flagged: a.flagged, score: a.score, severity: a.severity, flags: findings.map((f) => ({ code: f.code, severity: f.severity, start: f.start, end: f.end })) };
}

/**
 * `ctxvault scan [--jsonl FILE]`: JSON lines with a `text` field in (stdin without a file), one result
 * line out per input line, in order. A line that is not JSON or has no `text` string gets
 * `{"line": N, "error": "..."}` in its place, and the command exits 1 after the last line.
 */
export async function scanCommand(args: ParsedArgs, out: (line: string) => void): Promise<number> {
  rejectUnknownFlags(args, ['jsonl']);
  const file = args.flags.jsonl;
  if (file !== undefined && (typeof file !== 'string' || !existsSync(file))) throw new UsageError(`--jsonl: no file ${String(file)}`);
  const input = typeof file === 'string' ? createReadStream(file) : process.stdin;
  let n = 0;
  let bad = 0;
  for await (const raw of createInterface({ input, crlfDelay: Infinity })) {
    n++;
    if (!raw.trim()) continue;
    let text: unknown;
    try {
      text = (JSON.parse(raw) as { text?: unknown })?.text;
    } catch {
      text = undefined;
    }
    if (typeof text !== 'string') {
      bad++;
      out(JSON.stringify({ line: n, error: 'expected a JSON object with a "text" string' }));
      continue;
    }
    out(JSON.stringify(scanLine(text)));
  }
  if (bad) process.stderr.write(`ctxvault scan: ${bad} of ${n} line(s) were not JSON objects with a "text" string\n`);
  return bad ? 1 : 0;
}

/** The lines of a labeled JSON-lines file; a malformed line is a usage error naming it. */
function labeledFile(file: string) {
  return jsonLines(file).map((r, i) => {
    try {
      return labeledRow(r, `${file} line ${i + 1}`);
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
  });
}

/** `ctxvault eval poison --jsonl FILE`: precision, recall and false-positive rate of the detectors on a labeled set. */
export function evalPoisonCommand(args: ParsedArgs): PoisonEvalReport {
  rejectUnknownFlags(args, ['jsonl']);
  const file = args.flags.jsonl;
  if (typeof file !== 'string' || !file) throw new UsageError('usage: ctxvault eval poison --jsonl FILE (lines with "text" and "label": "injection"|"benign")');
  if (!existsSync(file)) throw new UsageError(`--jsonl: no file ${file}`);
  const rows = labeledFile(file);
  return poisonEval(rows, DETECTOR_SET_VERSION);
}

const TRAIN_USAGE = 'usage: ctxvault train poison --jsonl FILE [--out FILE] [--folds N] [--seed N]';

/**
 * `ctxvault train poison --jsonl FILE [--out FILE]`: trains the instruction model, prints the
 * cross-validated precision, recall and false-positive rate of the whole detector set, and writes the
 * model file (default: the committed one, libs/poisoning/src/model/instruction-model.json).
 */
export function trainPoisonCommand(args: ParsedArgs, repoRoot: string): TrainPoisonReport & { out: string } {
  rejectUnknownFlags(args, ['jsonl', 'out', 'folds', 'seed']);
  const file = args.flags.jsonl;
  if (typeof file !== 'string' || !file) throw new UsageError(TRAIN_USAGE);
  if (!existsSync(file)) throw new UsageError(`--jsonl: no file ${file}`);
  const out = typeof args.flags.out === 'string' ? args.flags.out : join(repoRoot, 'libs/poisoning/src/model/instruction-model.json');
  const raw = readFileSync(file);
  const rows = labeledFile(file);
  const started = Date.now();
  const { report, model } = trainPoison(rows, raw, { ...DEFAULT_TRAIN_POISON, folds: intFlag(args, 'folds', DEFAULT_TRAIN_POISON.folds, 2, 20), seed: intFlag(args, 'seed', DEFAULT_TRAIN_POISON.seed, 0, 2 ** 31) }, (m) =>
    process.stderr.write(`train poison: ${m} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`),
  );
  writeFileSync(out, JSON.stringify(model) + '\n');
  return { ...report, out };
}

/** `ctxvault bench scan [--documents N] [--corpus FILE]`: detector latency (no database, no services). */
export function scanBenchCommand(args: ParsedArgs): Record<string, unknown> {
  rejectUnknownFlags(args, ['documents', 'corpus']);
  return scanBench({
    documents: intFlag(args, 'documents', 4000, 100, 1_000_000),
    corpus: typeof args.flags.corpus === 'string' ? args.flags.corpus : '../shared/data/poison/train.jsonl',
    seed: 11,
  });
}
