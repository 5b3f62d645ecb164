export interface Chunk {
  ordinal: number;
  text: string;
  /** Offsets into the document text: text === document.slice(start, end). */
  start: number;
  end: number;
}

export interface ChunkOptions {
  /** Target largest chunk, in characters. */
  size: number;
  /** Characters of the previous chunk's end repeated at the start of the next (whole blocks or sentences). */
  overlap: number;
}

interface Block {
  start: number;
  end: number;
  atomic: boolean;
}

/**
 * Splits text into structural blocks: fenced code blocks (kept whole when they fit), headings, list
 * items and paragraphs (blank-line separated), message boundaries (a line starting a new message,
 * given as `boundaries` offsets).
 */
function blocksOf(text: string, boundaries: number[]): Block[] {
  const blocks: Block[] = [];
  const cuts = new Set(boundaries);
  let i = 0;
  const n = text.length;
  let paraStart = -1;
  const flush = (end: number) => {
    if (paraStart >= 0) {
      let e = end;
      while (e > paraStart && /\s/.test(text[e - 1])) e--;
      if (e > paraStart) blocks.push({ start: paraStart, end: e, atomic: false });
      paraStart = -1;
    }
  };
  while (i < n) {
    const lineEnd = text.indexOf('\n', i) === -1 ? n : text.indexOf('\n', i);
    const line = text.slice(i, lineEnd);
    const fence = /^\s{0,3}(```|~~~)/.exec(line);
    if (cuts.has(i)) flush(i);
    if (fence) {
      flush(i);
      const marker = fence[1];
      let j = lineEnd + 1;
      let end = n;
      while (j <= n) {
        const e = text.indexOf('\n', j) === -1 ? n : text.indexOf('\n', j);
        if (text.slice(j, e).trimStart().startsWith(marker)) {
          end = e;
          break;
        }
        if (e >= n) break;
        j = e + 1;
      }
      blocks.push({ start: i, end, atomic: true });
      i = end + 1;
      continue;
    }
    if (/^\s*$/.test(line)) {
      flush(i);
    } else if (/^\s{0,3}#{1,6}\s/.test(line) || /^\s*([-*+]|\d+[.)])\s/.test(line)) {
      flush(i);
      paraStart = i;
    } else if (paraStart < 0) {
      paraStart = i;
    }
    i = lineEnd + 1;
  }
  flush(n);
  return blocks;
}

/** Splits an over-long span at sentence ends, then at whitespace, then hard. */
function splitLong(text: string, start: number, end: number, size: number): Block[] {
  const out: Block[] = [];
  let s = start;
  while (end - s > size) {
    const window = text.slice(s, s + size);
    let cut = Math.max(window.lastIndexOf('. '), window.lastIndexOf('\n'), window.lastIndexOf('? '), window.lastIndexOf('! '));
    if (cut < size * 0.5) cut = window.lastIndexOf(' ');
    if (cut < size * 0.3) cut = size - 1;
    out.push({ start: s, end: s + cut + 1, atomic: false });
    s = s + cut + 1;
    while (s < end && /\s/.test(text[s])) s++;
  }
  if (end > s) out.push({ start: s, end, atomic: false });
  return out;
}

/**
 * Structure-respecting chunking: blocks are packed into chunks up to `size` characters; a block
 * larger than `size` is split at sentences; consecutive chunks share up to `overlap` characters
 * of whole trailing blocks. Every chunk keeps its offsets into the document.
 */
export function chunkText(text: string, opts: ChunkOptions, boundaries: number[] = []): Chunk[] {
  if (!text.trim()) return [];
  const blocks = blocksOf(text, boundaries).flatMap((b) => (b.end - b.start > opts.size ? splitLong(text, b.start, b.end, opts.size) : [b]));
  const chunks: Chunk[] = [];
  let current: Block[] = [];
  const emit = () => {
    if (!current.length) return;
    const start = current[0].start;
    const end = current[current.length - 1].end;
    chunks.push({ ordinal: chunks.length, text: text.slice(start, end), start, end });
  };
  for (const b of blocks) {
    const start = current.length ? current[0].start : b.start;
    if (current.length && b.end - start > opts.size) {
      emit();
      // Carry whole trailing blocks that fit in the overlap budget.
      const carried: Block[] = [];
      let budget = opts.overlap;
      for (let k = current.length - 1; k >= 0; k--) {
        const len = current[k].end - current[k].start;
        if (len > budget || b.end - current[k].start > opts.size) break;
        carried.unshift(current[k]);
        budget -= len;
      }
      current = carried;
    }
    current.push(b);
  }
  emit();
  return chunks;
}
