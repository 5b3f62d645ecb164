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

/** Offsets and feature indices of the last text tokenized, reused from text to text (grown as needed). */
let offsetBuf = new Int32Array(4096);
let featureBuf = new Int32Array(4096);

function push(n: number, offset: number, feature: number): number {
  if (n === featureBuf.length) {
    const o = new Int32Array(n * 2);
    o.set(offsetBuf);
    offsetBuf = o;
    const f = new Int32Array(n * 2);
    f.set(featureBuf);
    featureBuf = f;
  }
  offsetBuf[n] = offset;
  featureBuf[n] = feature;
  return n + 1;
}

interface Tokens {
  /** Features in offsetBuf/featureBuf[0..count): word features in text order, then the rule hits. */
  count: number;
  hitCount: number;
}

/**
 * Each feature of a text with the offset it starts at: words (letters, digits, inner ' ’ _ -),
 * pairs of neighbouring words, pairs of neighbouring CJK characters, and the instruction rules' hits.
 * One pass over the characters; words are hashed as they are read, never copied. The result lives in
 * the shared buffers until the next call.
 */
function tokenize(text: string): Tokens {
  let count = 0;
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
      for (let k = at; k + 1 < i; k++) count = push(count, k, index(Math.imul((FNV_OFFSET ^ text.charCodeAt(k)) >>> 0, FNV_PRIME) ^ text.charCodeAt(k + 1), 3));
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
    count = push(count, at, index(h, 1));
    if (prev) count = push(count, at, index(Math.imul(prev, 31) ^ h, 2));
    prev = h || 1;
  }
  const hits = findInstructions(text);
  for (const f of hits) count = push(count, f.start, index(hash((f.mention ? 'M:' : 'R:') + f.code + ':' + f.what, 4), 4));
  return { count, hitCount: hits.length };
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
let distinctBuf = new Int32Array(4096);

/**
 * The distinct features of the tokens in [from, to) and of the rule hits (the last hitCount tokens)
 * placed in [start, end), in first-seen order, into distinctBuf; returns how many.
 */
function distinct(t: Tokens, from: number, to: number, start: number, end: number): number {
  generation = (generation + 1) >>> 0;
  if (generation === 0) {
    seen.fill(0);
    generation = 1;
  }
  if (distinctBuf.length < t.count) distinctBuf = new Int32Array(featureBuf.length);
  let n = 0;
  for (let i = from; i < to; i++) {
    const h = featureBuf[i];
    if (seen[h] !== generation) {
      seen[h] = generation;
      distinctBuf[n++] = h;
    }
  }
  for (let i = t.count - t.hitCount; i < t.count; i++) {
    const h = featureBuf[i];
    if (offsetBuf[i] >= start && offsetBuf[i] < end && seen[h] !== generation) {
      seen[h] = generation;
      distinctBuf[n++] = h;
    }
  }
  return n;
}

/** The sparse feature vector of a whole text (distinct feature indices). */
export function features(text: string): Int32Array {
  const t = tokenize(text);
  return distinctBuf.slice(0, distinct(t, 0, t.count - t.hitCount, 0, text.length));
}

/** The window spans of a text with their token ranges (see `windows`), tokenized once. */
function windowRanges(text: string, size: number, each: (t: Tokens, start: number, end: number, from: number, to: number) => void): void {
  const t = tokenize(text);
  const words = t.count - t.hitCount;
  // Word features come in text order; the rule hits (appended last) are placed by offset.
  for (const w of windows(text, size)) each(t, w.start, w.end, lowerBound(offsetBuf, words, w.start), lowerBound(offsetBuf, words, w.end));
}

/** The feature vectors of a text's scoring windows (see `windows`), tokenized once. */
export function windowFeatures(text: string, size: number): Array<{ start: number; end: number; feats: Int32Array }> {
  const out: Array<{ start: number; end: number; feats: Int32Array }> = [];
  windowRanges(text, size, (t, start, end, from, to) => out.push({ start, end, feats: distinctBuf.slice(0, distinct(t, from, to, start, end)) }));
  return out;
}

/** The highest-scoring window of a text (the first of equals), scored as `probability` scores its features, without copying them. */
export function bestWindow(model: LinearModel, window: number, text: string): { probability: number; start: number; end: number } {
  let best = { probability: 0, start: 0, end: 0 };
  windowRanges(text, window, (t, start, end, from, to) => {
    const p = score(model, distinctBuf, distinct(t, from, to, start, end));
    if (p > best.probability) best = { probability: p, start, end };
  });
  return best;
}

export interface LinearModel {
  bias: number;
  weights: Float32Array;
}

/** Probability that a text is instruction-like, from its features (each weighted 1/sqrt(count), so long and short texts score on one scale). */
export function probability(model: LinearModel, feats: Int32Array): number {
  return score(model, feats, feats.length);
}

/** `probability` of the first n features. */
function score(model: LinearModel, feats: Int32Array, n: number): number {
  if (!n) return 1 / (1 + Math.exp(-model.bias));
  const norm = 1 / Math.sqrt(n);
  let z = model.bias;
  for (let i = 0; i < n; i++) z += model.weights[feats[i]] * norm;
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
