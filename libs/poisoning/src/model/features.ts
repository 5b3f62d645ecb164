import { findInstructions } from '../instruction-patterns';

/** Feature space of the instruction model: hashed word unigrams and bigrams, CJK character bigrams, rule hits. */
export const FEATURE_BITS = 18;
const MASK = (1 << FEATURE_BITS) - 1;

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const LETTER = /[\p{L}\p{N}\p{M}]/u;
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/** FNV-1a over UTF-16 code units, with a salt that separates feature families. */
function hash(s: string, salt: number): number {
  let h = (FNV_OFFSET ^ salt) >>> 0;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return h >>> 0;
}

/** A feature index from a 32-bit hash (bigrams mix two word hashes). */
const index = (h: number, salt: number) => (Math.imul(h ^ salt, 0x9e3779b1) >>> (32 - FEATURE_BITS)) & MASK;

/**
 * Each feature of a text with the offset it starts at: words (letters, digits, inner ' ’ _ -),
 * pairs of neighbouring words, pairs of neighbouring CJK characters, and the instruction rules' hits.
 * One pass over the characters; words are hashed as they are read, never copied.
 */
function positioned(text: string): { at: { offsets: Int32Array; hitCount: number }; hs: Int32Array } {
  const offsets: number[] = [];
  const hashes: number[] = [];
  const n = text.length;
  let prev = 0;
  let i = 0;
  while (i < n) {
    let c = text.charCodeAt(i);
    let word = c < 128 ? (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) : LETTER.test(text[i]);
    if (!word) {
      i++;
      continue;
    }
    if (c >= 128 && CJK.test(text[i])) {
      // Scripts written without spaces: character pairs.
      const at = i;
      while (i < n && text.charCodeAt(i) >= 128 && CJK.test(text[i])) i++;
      for (let k = at; k + 1 < i; k++) {
        offsets.push(k);
        hashes.push(index(Math.imul((FNV_OFFSET ^ text.charCodeAt(k)) >>> 0, FNV_PRIME) ^ text.charCodeAt(k + 1), 3));
      }
      prev = 0;
      continue;
    }
    const at = i;
    let h = FNV_OFFSET;
    while (i < n) {
      c = text.charCodeAt(i);
      if (c < 128) {
        if (c >= 65 && c <= 90) c += 32;
        else if (!((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 39 || c === 95 || c === 45)) break;
      } else if (c === 0x2019) {
        c = 39;
      } else if (CJK.test(text[i]) || !LETTER.test(text[i])) {
        break;
      } else {
        c = text[i].toLowerCase().charCodeAt(0);
      }
      h = Math.imul(h ^ c, FNV_PRIME);
      i++;
    }
    h >>>= 0;
    offsets.push(at);
    hashes.push(index(h, 1));
    if (prev) {
      offsets.push(at);
      hashes.push(index(Math.imul(prev, 31) ^ h, 2));
    }
    prev = h || 1;
  }
  const hits = findInstructions(text);
  for (const f of hits) {
    offsets.push(f.start);
    hashes.push(index(hash((f.mention ? 'M:' : 'R:') + f.code + ':' + f.what, 4), 4));
  }
  return { at: { offsets: Int32Array.from(offsets), hitCount: hits.length }, hs: Int32Array.from(hashes) };
}

/** First index in sorted[0..n) whose value is at least x. */
function lowerBound(sorted: Int32Array, n: number, x: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Generation marks per feature index: de-duplicates without allocating a set per window. */
const seen = new Uint32Array(1 << FEATURE_BITS);
let generation = 0;

/** The distinct values of xs[from..to) and of extra, in first-seen order. */
function distinct(xs: Int32Array, from = 0, to = xs.length, extra: number[] = []): Int32Array {
  generation = (generation + 1) >>> 0;
  if (generation === 0) {
    seen.fill(0);
    generation = 1;
  }
  const out = new Int32Array(to - from + extra.length);
  let n = 0;
  for (let i = from; i < to; i++) {
    const h = xs[i];
    if (seen[h] !== generation) {
      seen[h] = generation;
      out[n++] = h;
    }
  }
  for (const h of extra) {
    if (seen[h] !== generation) {
      seen[h] = generation;
      out[n++] = h;
    }
  }
  return out.subarray(0, n);
}

/** The sparse feature vector of a whole text (distinct feature indices). */
export function features(text: string): Int32Array {
  return distinct(positioned(text).hs);
}

/** The feature vectors of a text's scoring windows (see `windows`), tokenized once. */
export function windowFeatures(text: string, size: number): Array<{ start: number; end: number; feats: Int32Array }> {
  const spans = windows(text, size);
  if (spans.length === 1) return [{ ...spans[0], feats: features(text) }];
  const { at, hs } = positioned(text);
  // Word features come in text order; the rule hits (appended last) are placed by offset.
  const words = hs.length - at.hitCount;
  return spans.map((w) => {
    const from = lowerBound(at.offsets, words, w.start);
    const to = lowerBound(at.offsets, words, w.end);
    const hits: number[] = [];
    for (let i = words; i < hs.length; i++) if (at.offsets[i] >= w.start && at.offsets[i] < w.end) hits.push(hs[i]);
    return { ...w, feats: distinct(hs, from, to, hits) };
  });
}

export interface LinearModel {
  bias: number;
  weights: Float32Array;
}

/** Probability that a text is instruction-like, from its features (each weighted 1/sqrt(count), so long and short texts score on one scale). */
export function probability(model: LinearModel, feats: Int32Array): number {
  if (!feats.length) return 1 / (1 + Math.exp(-model.bias));
  const norm = 1 / Math.sqrt(feats.length);
  let z = model.bias;
  for (let i = 0; i < feats.length; i++) z += model.weights[feats[i]] * norm;
  return 1 / (1 + Math.exp(-z));
}

/**
 * Windows a long text is scored in: an instruction hidden in a long document shows in its window,
 * not diluted by the whole. Windows start at whitespace where one is near, overlap by half, and cover the text.
 */
export function windows(text: string, size: number): Array<{ start: number; end: number }> {
  if (text.length <= size) return [{ start: 0, end: text.length }];
  const out: Array<{ start: number; end: number }> = [];
  const step = size >> 1;
  for (let start = 0; start < text.length; start += step) {
    let s = start;
    // Start after a space when one is within 40 characters (a bounded look: text without spaces stays linear).
    for (let k = s; s > 0 && k < s + 40 && k < text.length; k++) {
      if (text.charCodeAt(k) === 32) {
        s = k + 1;
        break;
      }
    }
    const end = Math.min(text.length, s + size);
    out.push({ start: s, end });
    if (end >= text.length) break;
  }
  return out;
}
