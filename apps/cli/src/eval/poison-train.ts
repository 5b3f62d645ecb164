import { createHash } from 'node:crypto';
import { assess, DETECTORS, scanText } from '@ctxvault/poisoning';
import { DEFAULT_TRAIN, encodeModel, features, LinearModel, ModelFile, probability, rng, shuffle, trainLogistic, windowFeatures } from '@ctxvault/poisoning';
import { count, emptyCounts, groupsOf, LabeledText, rates, Rates } from './poison.eval';

export interface TrainPoisonOptions {
  folds: number;
  seed: number;
  window: number;
  /** The threshold keeps the false-positive rate on the training folds' held-out scores at or under this. */
  maxFpr: number;
  /** The high-severity threshold keeps the model's own false-positive rate under this. */
  maxFprHigh: number;
}

export const DEFAULT_TRAIN_POISON: TrainPoisonOptions = { folds: 5, seed: 7, window: 1200, maxFpr: 0.005, maxFprHigh: 0.001 };

interface Prepared {
  row: LabeledText;
  y: 0 | 1;
  whole: Int32Array;
  windows: Int32Array[];
  /** Flagged by the rule detectors alone (everything but the model). */
  rules: boolean;
}

function prepare(rows: LabeledText[], window: number): Prepared[] {
  const rulesOnly = DETECTORS.filter((d) => d.name !== 'instruction-model');
  return rows.map((row) => ({
    row,
    y: row.label === 'injection' ? 1 : 0,
    whole: features(row.text),
    windows: windowFeatures(row.text, window).map((w) => w.feats),
    rules: assess(scanText(row.text, rulesOnly)).flagged,
  }));
}

const maxOver = (m: LinearModel, p: Prepared) => p.windows.reduce((best, f) => Math.max(best, probability(m, f)), 0);

/** Folds stratified by label, in a seeded order. */
function folds<T extends { y: 0 | 1 }>(xs: T[], k: number, seed: number): T[][] {
  const next = rng(seed);
  const out: T[][] = Array.from({ length: k }, () => []);
  for (const y of [1, 0] as const) shuffle(xs.filter((x) => x.y === y), next).forEach((x, i) => out[i % k].push(x));
  return out;
}

/** Out-of-fold model probabilities for every example of a set (k-fold inside it). */
function outOfFold(xs: Prepared[], k: number, seed: number): Map<Prepared, number> {
  const scores = new Map<Prepared, number>();
  const fs = folds(xs, k, seed);
  fs.forEach((held, i) => {
    const m = trainLogistic(fs.filter((_, j) => j !== i).flat().map((p) => ({ feats: p.whole, y: p.y })), { ...DEFAULT_TRAIN, seed });
    for (const p of held) scores.set(p, maxOver(m, p));
  });
  return scores;
}

/**
 * Thresholds from held-out scores: the lowest probability at which the whole detector set (rules or
 * model) stays within the false-positive budget, and the lowest at which the model alone stays within
 * the high-severity budget.
 */
function pickThresholds(scores: Map<Prepared, number>, o: TrainPoisonOptions): { threshold: number; thresholdHigh: number } {
  const benign = [...scores.entries()].filter(([p]) => p.y === 0);
  const ruleFp = benign.filter(([p]) => p.rules).length;
  const budget = Math.floor(o.maxFpr * benign.length) - ruleFp;
  const modelOnly = benign.filter(([p]) => !p.rules).map(([, s]) => s).sort((a, b) => b - a);
  // Flag strictly above the (budget+1)-th highest benign score.
  const at = (list: number[], allowed: number) => (allowed < 0 ? 1 : allowed < list.length ? Math.min(1, list[allowed] + 1e-6) : 0.5);
  const threshold = Math.max(0.5, at(modelOnly, Math.max(-1, budget)));
  const allBenign = benign.map(([, s]) => s).sort((a, b) => b - a);
  const thresholdHigh = Math.max(threshold, at(allBenign, Math.floor(o.maxFprHigh * benign.length)));
  return { threshold, thresholdHigh };
}

export interface TrainPoisonReport {
  lines: number;
  sha256: string;
  crossValidation: { folds: number; overall: Rates; groups: Record<string, Rates>; thresholds: Array<{ threshold: number; thresholdHigh: number }> };
  final: { threshold: number; thresholdHigh: number; nonZeroWeights: number };
}

/**
 * Trains the instruction model and measures the whole detector set by k-fold cross-validation: for each
 * fold, the model is trained on the other folds and its thresholds are chosen on their held-out scores
 * (an inner k-fold), never on the fold it is scored on. The final model is trained on every line, with
 * thresholds from a k-fold over all of them.
 */
export function trainPoison(rows: LabeledText[], raw: Buffer, o: TrainPoisonOptions, progress: (msg: string) => void): { report: TrainPoisonReport; model: ModelFile } {
  progress(`featurizing ${rows.length} lines`);
  const all = prepare(rows, o.window);
  const overall = emptyCounts();
  const groups = new Map<string, ReturnType<typeof emptyCounts>>();
  const thresholds: Array<{ threshold: number; thresholdHigh: number }> = [];
  const outer = folds(all, o.folds, o.seed);
  outer.forEach((test, i) => {
    progress(`fold ${i + 1}/${o.folds}: choosing thresholds on the training folds, then scoring ${test.length} held-out lines`);
    const train = outer.filter((_, j) => j !== i).flat();
    const t = pickThresholds(outOfFold(train, o.folds, o.seed + i + 1), o);
    thresholds.push({ threshold: round(t.threshold), thresholdHigh: round(t.thresholdHigh) });
    const m = trainLogistic(train.map((p) => ({ feats: p.whole, y: p.y })), { ...DEFAULT_TRAIN, seed: o.seed });
    for (const p of test) {
      const flagged = p.rules || maxOver(m, p) >= t.threshold;
      count(overall, p.row.label, flagged);
      for (const g of groupsOf(p.row)) {
        if (!groups.has(g)) groups.set(g, emptyCounts());
        count(groups.get(g)!, p.row.label, flagged);
      }
    }
  });
  progress('training the final model on every line');
  const final = pickThresholds(outOfFold(all, o.folds, o.seed), o);
  const m = trainLogistic(all.map((p) => ({ feats: p.whole, y: p.y })), { ...DEFAULT_TRAIN, seed: o.seed });
  const sha256 = createHash('sha256').update(raw).digest('hex');
  const model = encodeModel(m, {
    window: o.window,
    threshold: round(final.threshold),
    thresholdHigh: round(final.thresholdHigh),
    training: { sha256, lines: rows.length, ...o, ...DEFAULT_TRAIN },
  });
  return {
    model,
    report: {
      lines: rows.length,
      sha256,
      crossValidation: { folds: o.folds, overall: rates(overall), groups: Object.fromEntries([...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, rates(v)])), thresholds },
      final: { threshold: model.threshold, thresholdHigh: model.thresholdHigh, nonZeroWeights: Buffer.from(model.values, 'base64').length },
    },
  };
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;
