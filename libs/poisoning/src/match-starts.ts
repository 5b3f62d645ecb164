/**
 * Where the matches of a case-insensitive regular expression can start, read from its source, and an
 * index that finds those places in a text in one pass. A rule set can then try each rule only where
 * it can match (one anchored attempt per place) instead of at every word of the text, with the same
 * matches: the places found are a superset of the places where the rule matches.
 *
 * The reading covers the JavaScript syntax without the `u` flag: alternatives, groups and lookarounds,
 * character classes, escapes and quantifiers. Characters are compared as the `i` flag compares them
 * (ECMAScript's Canonicalize: upper case, except that no non-ASCII character folds to an ASCII one).
 */

type Node =
  | { t: 'empty' }
  | { t: 'start' }
  /** Any one character; `nonWord` when it is never a word character ([A-Za-z0-9_]). */
  | { t: 'any'; nonWord: boolean }
  | { t: 'chars'; set: number[] }
  | { t: 'seq'; items: Node[] }
  | { t: 'alt'; branches: Node[] }
  | { t: 'rep'; a: Node; min: number; max: number };

/** A class of more characters than this is read as "any character": it bounds nothing worth an index. */
const MAX_CLASS = 64;

/** The character a case-insensitive expression compares `c` as (ECMAScript Canonicalize, no `u` flag). */
export function canonical(c: number): number {
  const u = String.fromCharCode(c).toUpperCase();
  if (u.length !== 1) return c;
  const cu = u.charCodeAt(0);
  return c >= 128 && cu < 128 ? c : cu;
}

/** A word character as `\w` and `\b` read it without the `u` flag. */
export const isWordChar = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;

const ESCAPED: Record<string, number> = { n: 10, t: 9, r: 13, f: 12, v: 11, '0': 0 };

/** The expression's syntax tree; throws on syntax this reading does not cover. */
function parse(src: string): Node {
  let i = 0;
  const fail = (what: string): never => {
    throw new Error(`match-starts: ${what} at ${i} of /${src.slice(0, 60)}…/`);
  };
  const escapedChar = (c: string): number => {
    if (c in ESCAPED) return ESCAPED[c];
    if (c === 'x' || c === 'u') {
      const width = c === 'x' ? 2 : 4;
      const hex = src.slice(i, i + width);
      if (!new RegExp(`^[0-9a-fA-F]{${width}}$`).test(hex)) fail(`\\${c} escape`);
      i += width;
      return parseInt(hex, 16);
    }
    if (c === 'c') return src.charCodeAt(i++) % 32;
    if (/[a-zA-Z1-9]/.test(c)) fail(`escape \\${c}`);
    return c.charCodeAt(0);
  };
  const cls = (): Node => {
    const negated = src[i] === '^';
    if (negated) i++;
    const codes: number[] = [];
    let wide = negated;
    // The class escapes it holds (\w, \s, …): whether it matches only non-word characters depends on them.
    const escapes = new Set<string>();
    const member = (): number | null => {
      if (src[i] !== '\\') return src.charCodeAt(i++);
      const c = src[i + 1];
      i += 2;
      if ('dDwWsS'.includes(c)) {
        escapes.add(c);
        return null;
      }
      return c === 'b' ? 8 : escapedChar(c);
    };
    while (i < src.length && src[i] !== ']') {
      const lo = member();
      if (lo === null) {
        wide = true;
        continue;
      }
      if (src[i] === '-' && src[i + 1] !== ']' && i + 1 < src.length) {
        i++;
        const hi = member();
        if (hi === null) {
          wide = true;
          continue;
        }
        if (hi - lo >= MAX_CLASS) {
          wide = true;
          if (lo <= 122 && hi >= 48) escapes.add('w');
        } else for (let k = lo; k <= hi; k++) codes.push(k);
      } else codes.push(lo);
    }
    if (src[i++] !== ']') fail('unclosed class');
    if (!wide) return { t: 'chars', set: codes };
    // [^\w…] leaves out every word character; [\s…] of non-word members has none.
    const nonWord = negated ? escapes.has('w') : [...escapes].every((e) => e === 's' || e === 'W') && !codes.some(isWordChar);
    return { t: 'any', nonWord };
  };
  const atom = (): Node => {
    const c = src[i++];
    if (c === '(') {
      let zeroWidth = false;
      if (src.startsWith('?:', i)) i += 2;
      else if (src.startsWith('?=', i) || src.startsWith('?!', i)) [i, zeroWidth] = [i + 2, true];
      else if (src.startsWith('?<=', i) || src.startsWith('?<!', i)) [i, zeroWidth] = [i + 3, true];
      else if (src.startsWith('?<', i)) i = src.indexOf('>', i) + 1;
      const inner = alternatives();
      if (src[i++] !== ')') fail('unclosed group');
      return zeroWidth ? { t: 'empty' } : inner;
    }
    if (c === '[') return cls();
    if (c === '.') return { t: 'any', nonWord: false };
    if (c === '^') return { t: 'start' };
    if (c === '$') return { t: 'empty' };
    if (c === ')' || c === '|' || c === '*' || c === '+' || c === '?') fail(`unexpected ${c}`);
    if (c !== '\\') return { t: 'chars', set: [c.charCodeAt(0)] };
    const e = src[i++];
    if (e === 'b' || e === 'B') return { t: 'empty' };
    if ('dDwWsS'.includes(e)) return { t: 'any', nonWord: e === 's' || e === 'W' };
    // A back-reference may match nothing or anything.
    if (/[1-9]/.test(e) || e === 'k') return { t: 'rep', a: { t: 'any', nonWord: false }, min: 0, max: Infinity };
    return { t: 'chars', set: [escapedChar(e)] };
  };
  const quantified = (a: Node): Node => {
    let min: number;
    let max: number;
    const c = src[i];
    if (c === '*' || c === '+' || c === '?') {
      [min, max] = c === '*' ? [0, Infinity] : c === '+' ? [1, Infinity] : [0, 1];
      i++;
    } else if (c === '{') {
      const m = /^\{(\d+)(?:(,)(\d*))?\}/.exec(src.slice(i, i + 24));
      if (!m) return a;
      min = Number(m[1]);
      max = m[2] ? (m[3] ? Number(m[3]) : Infinity) : min;
      i += m[0].length;
    } else return a;
    if (src[i] === '?') i++;
    return { t: 'rep', a, min, max };
  };
  const sequence = (): Node => {
    const items: Node[] = [];
    while (i < src.length && src[i] !== '|' && src[i] !== ')') items.push(quantified(atom()));
    return { t: 'seq', items };
  };
  const alternatives = (): Node => {
    const branches = [sequence()];
    while (src[i] === '|') {
      i++;
      branches.push(sequence());
    }
    return branches.length === 1 ? branches[0] : { t: 'alt', branches };
  };
  const tree = alternatives();
  if (i !== src.length) fail('unbalanced )');
  return tree;
}

/**
 * Every match starts at the text's first position (when `atStart`), or with one of `strings`, or with
 * a run of non-word characters (perhaps empty) and then one of `after` (canonical characters; a string
 * may be shorter than what the expression reads there). '' among the strings means nothing is known.
 */
interface Starts {
  strings: Set<string>;
  after: Set<string>;
  atStart: boolean;
}

/** Strings are cut to this length: a prefix of a match's first characters is still one. */
const MAX_PREFIX = 8;
/** At most this many strings: a longer list is cut to shorter strings until it is this short. */
const MAX_STRINGS = 512;
const unknown = (): Starts => ({ strings: new Set(['']), after: new Set(), atStart: false });
const none = (): Starts => ({ strings: new Set(), after: new Set(), atStart: false });

function bounded(strings: Set<string>): Set<string> {
  for (let length = MAX_PREFIX - 1; strings.size > MAX_STRINGS && length > 0; length--) strings = new Set([...strings].map((s) => s.slice(0, length)));
  return strings.size > MAX_STRINGS ? new Set(['']) : strings;
}

function union(a: Starts, b: Starts): Starts {
  return { strings: bounded(new Set([...a.strings, ...b.strings])), after: bounded(new Set([...a.after, ...b.after])), atStart: a.atStart || b.atStart };
}

/** A run of non-word characters, then `rest`: what `rest` starts with, after such a run. */
const afterRun = (rest: Starts): Starts => ({ strings: new Set(), after: bounded(new Set([...rest.strings, ...rest.after])), atStart: rest.atStart });

/** Words so common in prose that a start on them narrows little more than a start on any word. */
const COMMON_WORDS = new Set(
  'A AN THE TO FOR OF IN ON AT BY AS IF OR AND BUT SO IS IT BE ARE WAS HAS HAVE DO NOT NO ALL ANY THIS THAT YOU YOUR WE I WITH FROM THEN ALSO WHEN'.split(' '),
);
/** Marks found in most sentences: a start on one narrows little. */
const COMMON_MARKS = new Set(['.', ',', ':', ';', '-', '\n', '(', ')', '"', "'"]);

/**
 * How much a string narrows the places to try, roughly by how rare it is in prose: longer is better;
 * a lone space, letter or digit narrows least, then the commonest words and marks, then other marks.
 */
function narrowing(s: string): number {
  if (s.length > 3) return s.length;
  if (COMMON_WORDS.has(s)) return 1;
  if (s.length !== 1) return s.length;
  const c = s.charCodeAt(0);
  if (isWordChar(c) || c === 32 || c === 9 || c === 13 || c === 11 || c === 12 || c === 0xa0) return 0.5;
  return COMMON_MARKS.has(s) ? 1 : 3;
}

/** Of two readings of the same starts, the one whose least narrowing string narrows more (the first on a tie). */
function better(a: Starts, b: Starts): Starts {
  const worst = (x: Starts) => {
    let least = Infinity;
    for (const s of x.strings) least = Math.min(least, narrowing(s));
    for (const s of x.after) least = Math.min(least, narrowing(s));
    return least;
  };
  return worst(b) > worst(a) ? b : a;
}

/** Only non-word characters, whatever it matches (`\s`, `[^\w\s]`, `[.!?]`, `[ \t]{0,20}`). */
function nonWordOnly(node: Node): boolean {
  if (node.t === 'any') return node.nonWord;
  if (node.t === 'chars') return !node.set.some(isWordChar);
  if (node.t === 'rep') return nonWordOnly(node.a);
  return false;
}

/** One word character, written as itself. */
const isLetter = (node: Node) => node.t === 'chars' && node.set.length === 1 && isWordChar(node.set[0]);

/** Starts of the word characters `word` followed by something whose matches have the starts `rest`. */
function literal(word: string, rest: Starts): Starts {
  if (word.length >= MAX_PREFIX) return { strings: new Set([word.slice(0, MAX_PREFIX)]), after: new Set(), atStart: false };
  const strings = new Set<string>();
  for (const s of rest.strings) strings.add((word + s).slice(0, MAX_PREFIX));
  // Before a run of non-word characters, the word is known only by itself.
  if (rest.after.size) strings.add(word);
  return { strings: bounded(strings), after: new Set(), atStart: false };
}

/** Starts of `node` followed by something whose matches have the starts `rest`. */
function starts(node: Node, rest: Starts): Starts {
  switch (node.t) {
    case 'empty':
      return rest;
    case 'start':
      return { ...none(), atStart: true };
    case 'any':
      return node.nonWord ? { ...afterRun(rest), atStart: false } : unknown();
    case 'chars': {
      const chars = node.set.length === 1 ? [String.fromCharCode(canonical(node.set[0]))] : [...new Set(node.set.map((c) => String.fromCharCode(canonical(c))))];
      if (chars.length > MAX_CLASS) return unknown();
      // Cut what follows first, so that the product stays near the bound.
      let follow = rest.strings;
      for (let length = MAX_PREFIX - 1; follow.size * chars.length > 4 * MAX_STRINGS && length > 0; length--) follow = new Set([...follow].map((s) => s.slice(0, length)));
      const strings = new Set<string>();
      for (const c of chars) for (const s of follow) strings.add((c + s).slice(0, MAX_PREFIX));
      // A character then the text's first position cannot match. Before a run of non-word characters,
      // the character is known only by itself, unless it is a non-word character: then it lengthens the run.
      const lengthened: Starts = { strings: bounded(new Set(strings)), after: rest.after, atStart: false };
      if (rest.after.size) for (const c of chars) strings.add(c);
      const alone: Starts = { strings: bounded(strings), after: new Set(), atStart: false };
      if (node.set.some(isWordChar) || !rest.after.size) return alone;
      return better(alone, lengthened);
    }
    case 'seq': {
      let r = rest;
      for (let k = node.items.length - 1; k >= 0; k--) {
        // A run of literal word characters ("instruction") is read as one string, not character by character.
        let word = '';
        while (k >= 0 && isLetter(node.items[k])) word = String.fromCharCode(canonical((node.items[k--] as { set: number[] }).set[0])) + word;
        if (word) r = literal(word, r);
        if (k >= 0) r = starts(node.items[k], r);
      }
      return r;
    }
    case 'alt': {
      const all = none();
      for (const b of node.branches) {
        const one = starts(b, rest);
        for (const x of one.strings) all.strings.add(x);
        for (const x of one.after) all.after.add(x);
        all.atStart ||= one.atStart;
      }
      return { strings: bounded(all.strings), after: bounded(all.after), atStart: all.atStart };
    }
    case 'rep': {
      if (node.max === 0) return rest;
      const plain = node.max === 1 ? union(starts(node.a, rest), node.min === 0 ? rest : none()) : union(starts(node.a, unknown()), node.min === 0 ? rest : none());
      if (!nonWordOnly(node.a)) return plain;
      return better(plain, { ...afterRun(rest), atStart: node.min === 0 && rest.atStart });
    }
  }
}

export interface MatchStarts {
  /** Matches may start at the text's first position. */
  atStart: boolean;
  /** Elsewhere, every match starts with one of these, compared as the `i` flag compares characters, */
  strings: string[];
  /** or with a run of non-word characters (perhaps none) and then one of these. */
  after: string[];
}

/**
 * Where matches of `/source/i` (no `u` flag) can start, or null when the source does not bound it
 * (a match may start with any character).
 */
export function matchStarts(source: string): MatchStarts | null {
  const s = starts(parse(source), unknown());
  if (s.strings.has('') || s.after.has('')) return null;
  return { atStart: s.atStart, strings: [...s.strings], after: [...s.after] };
}

/**
 * The places in a text where any of a list of entries' strings begins, found in one pass (an
 * Aho–Corasick automaton over canonical characters). Entry k's strings are `entries[k].strings`, and
 * `entries[k].after` those that may follow a run of non-word characters.
 */
export class StartIndex {
  private readonly width: number;
  private readonly next: Int32Array;
  /** Per state, triples (entry, string length, 1 for an `after` string) of the strings that end there. */
  private readonly ends: Array<Int32Array | null>;
  private readonly asciiClass = new Int32Array(128);
  private readonly wideClass = new Int32Array(65536).fill(-1);
  private readonly classOf = new Map<number, number>();

  constructor(entries: Array<{ strings: string[]; after: string[] }>) {
    const lists = entries.flatMap((e, entry) => [
      { entry, after: 0, strings: new Set(e.strings) },
      { entry, after: 1, strings: new Set(e.after) },
    ]);
    for (const { strings } of lists)
      for (const s of strings)
        for (let k = 0; k < s.length; k++) if (!this.classOf.has(s.charCodeAt(k))) this.classOf.set(s.charCodeAt(k), this.classOf.size + 1);
    this.width = this.classOf.size + 1;
    for (let c = 0; c < 128; c++) this.asciiClass[c] = this.classOf.get(canonical(c)) ?? 0;
    const trie: Array<Map<number, number>> = [new Map()];
    const found: number[][] = [[]];
    for (const { entry, after, strings } of lists)
      for (const s of strings) {
        let state = 0;
        for (let k = 0; k < s.length; k++) {
          const c = this.classOf.get(s.charCodeAt(k))!;
          let to = trie[state].get(c);
          if (to === undefined) {
            to = trie.length;
            trie[state].set(c, to);
            trie.push(new Map());
            found.push([]);
          }
          state = to;
        }
        found[state].push(entry, s.length, after);
      }
    const next = new Int32Array(trie.length * this.width);
    const fail = new Int32Array(trie.length);
    const queue: number[] = [];
    for (const [c, to] of trie[0]) {
      next[c] = to;
      queue.push(to);
    }
    for (let q = 0; q < queue.length; q++) {
      const state = queue[q];
      const row = state * this.width;
      const failRow = fail[state] * this.width;
      found[state].push(...found[fail[state]]);
      // Where the state has no edge, it goes where its fallback goes.
      next.copyWithin(row, failRow, failRow + this.width);
      for (const [c, to] of trie[state]) {
        fail[to] = next[failRow + c];
        next[row + c] = to;
        queue.push(to);
      }
    }
    this.next = next;
    this.ends = found.map((f) => (f.length ? Int32Array.from(f) : null));
  }

  private charClass(c: number): number {
    if (c < 128) return this.asciiClass[c];
    let k = this.wideClass[c];
    if (k < 0) k = this.wideClass[c] = this.classOf.get(canonical(c)) ?? 0;
    return k;
  }

  /**
   * Calls `visit(entry, start, after)` for every place where one of an entry's strings begins, in
   * order of where the strings end; `after` is true for an entry's `after` strings.
   */
  each(text: string, visit: (entry: number, start: number, after: boolean) => void): void {
    const { next, width, ends, asciiClass } = this;
    let state = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      state = next[state * width + (c < 128 ? asciiClass[c] : this.charClass(c))];
      const found = ends[state];
      if (found === null) continue;
      for (let k = 0; k < found.length; k += 3) visit(found[k], i + 1 - found[k + 1], found[k + 2] === 1);
    }
  }
}
