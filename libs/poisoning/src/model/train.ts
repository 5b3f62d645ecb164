import { features, FEATURE_BITS, LinearModel, probability } from './features';

export interface TrainOptions {
  epochs: number;
  learningRate: number;
  l2: number;
  seed: number;
}

export const DEFAULT_TRAIN: TrainOptions = { epochs: 5, learningRate: 0.2, l2: 1e-5, seed: 7 };

/** A small deterministic generator (mulberry32): the same seed gives the same order, so training is reproducible. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffle<T>(xs: T[], next: () => number): T[] {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

/**
 * Logistic regression by stochastic gradient descent with AdaGrad steps and L2 decay, classes weighted
 * to balance. Deterministic for a given seed and input order.
 */
export function trainLogistic(examples: Array<{ feats: Int32Array; y: 0 | 1 }>, o: TrainOptions = DEFAULT_TRAIN): LinearModel {
  const dims = 1 << FEATURE_BITS;
  const w = new Float32Array(dims);
  const g2 = new Float32Array(dims);
  let bias = 0;
  let gb = 0;
  const pos = examples.filter((e) => e.y === 1).length || 1;
  const neg = examples.length - pos || 1;
  const cw = { 1: examples.length / (2 * pos), 0: examples.length / (2 * neg) };
  const next = rng(o.seed);
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    for (const e of shuffle(examples, next)) {
      const p = probability({ bias, weights: w }, e.feats);
      const g = (p - e.y) * cw[e.y];
      const norm = e.feats.length ? 1 / Math.sqrt(e.feats.length) : 0;
      for (let i = 0; i < e.feats.length; i++) {
        const k = e.feats[i];
        const gk = g * norm + o.l2 * w[k];
        g2[k] += gk * gk;
        w[k] -= (o.learningRate * gk) / Math.sqrt(g2[k] + 1e-8);
      }
      gb += g * g;
      bias -= (o.learningRate * g) / Math.sqrt(gb + 1e-8);
    }
  }
  return { bias, weights: w };
}

export function featurize(texts: string[]): Int32Array[] {
  return texts.map(features);
}
