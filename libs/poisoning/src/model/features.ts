import { findInstructions } from '../instruction-patterns';

/** Feature space of the instruction model: hashed word unigrams and bigrams, CJK character bigrams, rule hits. */
export const FEATURE_BITS = 18;
const MASK = (1 << FEATURE_BITS) - 1;

/** FNV-1a over UTF-16 code units, with a salt that separates feature families. */
function hash(s: string, salt: number): number {
  let h = (0x811c9dc5 ^ salt) >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) & MASK;
}

const TOKEN = /[\p{L}\p{N}][\p{L}\p{N}\p{M}'’_-]*/gu;
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/**
 * The sparse feature vector of a text (indices, each weighted 1/sqrt(count of distinct features) so
 * long and short texts score on one scale).
 */
export function features(text: string): Int32Array {
  const set = new Set<number>();
  let prev = '';
  for (const m of text.toLowerCase().matchAll(TOKEN)) {
    const w = m[0];
    if (CJK.test(w)) {
      for (let i = 0; i + 1 < w.length; i++) set.add(hash(w.slice(i, i + 2), 3));
      prev = '';
      continue;
    }
    set.add(hash(w, 1));
    if (prev) set.add(hash(prev + ' ' + w, 2));
    prev = w;
  }
  for (const h of findInstructions(text)) set.add(hash((h.mention ? 'M:' : 'R:') + h.code + ':' + h.what, 4));
  return Int32Array.from(set);
}

export interface LinearModel {
  bias: number;
  weights: Float32Array;
}

/** Probability that a text is instruction-like, from its features. */
export function probability(model: LinearModel, feats: Int32Array): number {
  if (!feats.length) return 1 / (1 + Math.exp(-model.bias));
  const norm = 1 / Math.sqrt(feats.length);
  let z = model.bias;
  for (let i = 0; i < feats.length; i++) z += model.weights[feats[i]] * norm;
  return 1 / (1 + Math.exp(-z));
}

/**
 * Windows a long text is scored in: an instruction hidden in a long document shows in its window,
 * not diluted by the whole. Windows break at whitespace, overlap by half, and cover the text.
 */
export function windows(text: string, size: number): Array<{ start: number; end: number }> {
  if (text.length <= size) return [{ start: 0, end: text.length }];
  const out: Array<{ start: number; end: number }> = [];
  const step = size >> 1;
  for (let start = 0; start < text.length; start += step) {
    let s = start;
    if (s > 0) {
      const ws = text.indexOf(' ', s);
      if (ws >= 0 && ws - s < 40) s = ws + 1;
    }
    const end = Math.min(text.length, s + size);
    out.push({ start: s, end });
    if (end >= text.length) break;
  }
  return out;
}
