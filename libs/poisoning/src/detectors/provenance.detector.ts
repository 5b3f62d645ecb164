import { Severity } from '../detector';

/** What ingestion knows about who wrote a document, and how it arrived. */
export interface ProvenanceFacts {
  sourceKind: string;
  author: { id: string; kind: string; details?: Record<string, unknown> };
  /** The last editor, when the source reports one (Notion). */
  lastEditedBy?: { id: string; name?: string | null } | null;
  sourceUpdatedAt?: string | null;
  /** No earlier document by this author in the tenant, and the source had synced before. */
  firstSeenAuthor: boolean;
  /** Other documents of this batch by the same author whose text is nearly the same. */
  nearDuplicates: number;
}

export interface ProvenanceFinding {
  code: string;
  severity: Severity;
  message: string;
}

export const PROVENANCE_DETECTOR = { name: 'provenance', version: '1.0.0' } as const;
/** How recent an edit by someone else must be to be reported. */
export const EDIT_WINDOW_MS = 24 * 3600 * 1000;
/** This many near-identical documents from one author in one batch make a burst. */
export const BURST_SIZE = 3;
/** SimHashes at most this many bits apart count as near-identical (unrelated texts differ in about 32). */
export const NEAR_DUPLICATE_BITS = 10;

/**
 * Provenance anomalies from the ingestion metadata (no text): authors outside the organization,
 * guests, bots, deleted accounts and authors seen for the first time; a document edited by someone
 * other than its author shortly before it was stored; bursts of near-identical documents from one
 * author. Each alone is weak evidence (low), a burst is medium.
 */
export function provenanceFindings(f: ProvenanceFacts, now = Date.now()): ProvenanceFinding[] {
  const out: ProvenanceFinding[] = [];
  const d = f.author.details ?? {};
  const who = `author ${f.author.id}`;
  if (f.author.kind === 'external' && !d.worldWritable) out.push({ code: 'provenance.external_author', severity: 'low', message: `${who} is outside the organization` });
  if (f.author.kind === 'guest' || d.guest === true) out.push({ code: 'provenance.guest_author', severity: 'low', message: `${who} is a guest account` });
  if (f.author.kind === 'bot') out.push({ code: 'provenance.bot_author', severity: 'low', message: `${who} is a bot or integration: whoever controls it wrote this` });
  if (d.deleted === true) out.push({ code: 'provenance.deleted_author', severity: 'low', message: `${who} has been deleted or deactivated at the source` });
  if (f.firstSeenAuthor) out.push({ code: 'provenance.first_seen_author', severity: 'low', message: `${who} has written nothing else in this tenant before` });
  const editor = f.lastEditedBy;
  if (editor && editor.id && editor.id !== f.author.id && f.sourceUpdatedAt) {
    const age = now - Date.parse(f.sourceUpdatedAt);
    if (age >= 0 && age <= EDIT_WINDOW_MS) {
      out.push({ code: 'provenance.edited_by_other', severity: 'low', message: `edited by ${editor.name ?? editor.id}, not its author, ${Math.round(age / 60_000)} minutes before it was stored` });
    }
  }
  if (f.nearDuplicates + 1 >= BURST_SIZE) {
    out.push({ code: 'provenance.near_duplicate_burst', severity: 'medium', message: `one of ${f.nearDuplicates + 1} near-identical documents from ${who} in one batch` });
  }
  return out;
}

/** A 64-bit SimHash as two 32-bit halves. */
export type SimHash = readonly [number, number];

/** FNV-1a (32 bits) of a string with a seed, mixed so nearby inputs spread over all bits. */
function hash32(s: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h >>> 0;
}

const mix = (a: number, b: number, c: number, seed: number) => {
  let h = Math.imul(a ^ seed, 0x9e3779b1) ^ Math.imul(b, 0x85ebca6b) ^ Math.imul(c, 0xc2b2ae35);
  h ^= h >>> 15;
  h = Math.imul(h, 0x27d4eb2f);
  return (h ^ (h >>> 13)) >>> 0;
};

/** SimHash (64 bits) over word 3-shingles: near-identical texts get hashes a few bits apart. */
export function simhash(text: string): SimHash {
  const words = (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).map((w) => hash32(w, 0));
  const weights = new Int32Array(64);
  const n = Math.max(1, words.length - 2);
  for (let i = 0; i < n; i++) {
    const a = words[i] ?? 0;
    const b = words[i + 1] ?? 0;
    const c = words[i + 2] ?? 0;
    const lo = mix(a, b, c, 0x1234567);
    const hi = mix(a, b, c, 0x7654321);
    for (let bit = 0; bit < 32; bit++) {
      weights[bit] += (lo >>> bit) & 1 ? 1 : -1;
      weights[bit + 32] += (hi >>> bit) & 1 ? 1 : -1;
    }
  }
  let lo = 0;
  let hi = 0;
  for (let bit = 0; bit < 32; bit++) {
    if (weights[bit] > 0) lo |= 1 << bit;
    if (weights[bit + 32] > 0) hi |= 1 << bit;
  }
  return [hi >>> 0, lo >>> 0];
}

function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

export function hamming(a: SimHash, b: SimHash): number {
  return popcount32((a[0] ^ b[0]) >>> 0) + popcount32((a[1] ^ b[1]) >>> 0);
}

/** For each document, how many others by the same author are within `maxDistance` bits (SimHash). */
export function nearDuplicateCounts(docs: Array<{ authorId: string; text: string }>, maxDistance = NEAR_DUPLICATE_BITS): number[] {
  const hashes = docs.map((d) => simhash(d.text));
  return docs.map((d, i) => docs.reduce((n, e, j) => n + (j !== i && e.authorId === d.authorId && hamming(hashes[i], hashes[j]) <= maxDistance ? 1 : 0), 0));
}
