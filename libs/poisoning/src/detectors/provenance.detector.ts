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

const MASK64 = (1n << 64n) - 1n;

/** 64-bit FNV-1a of a string, as a bigint. */
function fnv64(s: string): bigint {
  let h = 0xcbf29ce484222325n;
  for (let i = 0; i < s.length; i++) {
    h ^= BigInt(s.charCodeAt(i));
    h = (h * 0x100000001b3n) & MASK64;
  }
  return h;
}

/** SimHash (64 bits) over word 3-shingles: near-identical texts get hashes a few bits apart. */
export function simhash(text: string): bigint {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const weights = new Array<number>(64).fill(0);
  const n = Math.max(1, words.length - 2);
  for (let i = 0; i < n; i++) {
    const h = fnv64(words.slice(i, i + 3).join(' '));
    for (let b = 0; b < 64; b++) weights[b] += (h >> BigInt(b)) & 1n ? 1 : -1;
  }
  let out = 0n;
  for (let b = 0; b < 64; b++) if (weights[b] > 0) out |= 1n << BigInt(b);
  return out;
}

export function hamming(a: bigint, b: bigint): number {
  let x = a ^ b;
  let n = 0;
  while (x) {
    x &= x - 1n;
    n++;
  }
  return n;
}

/** For each document, how many others by the same author are within `maxDistance` bits (SimHash). */
export function nearDuplicateCounts(docs: Array<{ authorId: string; text: string }>, maxDistance = NEAR_DUPLICATE_BITS): number[] {
  const hashes = docs.map((d) => simhash(d.text));
  return docs.map((d, i) => docs.reduce((n, e, j) => n + (j !== i && e.authorId === d.authorId && hamming(hashes[i], hashes[j]) <= maxDistance ? 1 : 0), 0));
}
