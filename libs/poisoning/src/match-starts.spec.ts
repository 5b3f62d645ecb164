import { canonical, isWordChar, MatchStarts, matchStarts, StartIndex } from './match-starts';
import { rng } from './model/train';

const hex = (c: number) => `\\u${c.toString(16).padStart(4, '0')}`;

/** Whether `text` at `at` reads `s` (canonical characters), as a case-insensitive expression compares them. */
function readsAt(text: string, at: number, s: string): boolean {
  if (at + s.length > text.length) return false;
  for (let k = 0; k < s.length; k++) if (canonical(text.charCodeAt(at + k)) !== s.charCodeAt(k)) return false;
  return true;
}

/** Whether the starts claim a match may begin at `at`. */
function covered(starts: MatchStarts, text: string, at: number): boolean {
  if (starts.atStart && at === 0) return true;
  if (starts.strings.some((s) => readsAt(text, at, s))) return true;
  for (let q = at; q <= text.length; q++) {
    if (starts.after.some((s) => readsAt(text, q, s))) return true;
    if (q === text.length || isWordChar(text.charCodeAt(q))) break;
  }
  return false;
}

/** Every place where the expression matches (tried at each position). */
function matchPlaces(source: string, text: string): number[] {
  const re = new RegExp(source, 'iy');
  const out: number[] = [];
  for (let at = 0; at <= text.length; at++) {
    re.lastIndex = at;
    if (re.exec(text)) out.push(at);
  }
  return out;
}

describe('canonical', () => {
  it('folds characters as a case-insensitive expression without the u flag compares them', () => {
    // ASCII, Latin-1 and Latin Extended, Greek (final sigma, micro sign), Cyrillic, the Kelvin and long-s signs, dotted and dotless i, full-width forms.
    const tricky = [0x3c3, 0x3c2, 0x3a3, 0xb5, 0x3bc, 0x39c, 0x212a, 0x6b, 0x4b, 0x17f, 0x73, 0x53, 0x130, 0x131, 0x69, 0x49, 0xdf, 0x1e9e, 0xff41, 0xff21, 0x1c4, 0x1c5, 0x1c6];
    const sample = [...Array.from({ length: 0x250 }, (_, c) => c), ...Array.from({ length: 0x100 }, (_, k) => 0x370 + k), ...tricky];
    for (const c of tricky)
      for (const d of sample) expect([c, d, new RegExp(`^${hex(c)}$`, 'i').test(String.fromCharCode(d))]).toEqual([c, d, canonical(c) === canonical(d)]);
    for (const c of sample) expect(new RegExp(`^${hex(canonical(c))}$`, 'i').test(String.fromCharCode(c))).toBe(true);
  });
});

describe('matchStarts', () => {
  it('reads the first words, line breaks and marks a match starts with', () => {
    expect(matchStarts(String.raw`\bignor(?:e|ing)\s+previous`)).toEqual({ atStart: false, strings: ['IGNORE', 'IGNORING'], after: [] });
    expect(matchStarts(String.raw`(?:^|\n)[ \t]*system\s*:`)).toEqual({ atStart: true, strings: [], after: ['SYSTEM'] });
    expect(matchStarts(String.raw`(?:^|[^\w\s]\s*)(?:assistant|bot)\s*:`)).toEqual({ atStart: true, strings: [], after: ['ASSISTAN', 'BOT'] });
    expect(matchStarts(String.raw`p\.?s\.?\s+for`)).toEqual({ atStart: false, strings: ['P.S.', 'P.S', 'PS.', 'PS'], after: [] });
    expect(matchStarts(String.raw`(?<!don't\s)forget\b`)).toEqual({ atStart: false, strings: ['FORGET'], after: [] });
  });

  it('says nothing when a match may start with any character', () => {
    expect(matchStarts(String.raw`(?:[\w-]+\s+)?bot`)).toBeNull();
    expect(matchStarts(String.raw`\d+\s*(?:usd|eur)`)).toBeNull();
    expect(matchStarts(String.raw`x?`)).toBeNull();
    expect(matchStarts(String.raw`.`)).toBeNull();
  });

  it('throws on syntax it does not read, so the caller can fall back to trying the pattern everywhere', () => {
    expect(() => matchStarts(String.raw`\p{L}`)).toThrow(/escape/);
    expect(() => matchStarts('(?:a')).toThrow(/unclosed/);
  });

  it('covers every place where random expressions match random texts', () => {
    const next = rng(5);
    const pick = <T>(xs: T[]) => xs[Math.floor(next() * xs.length)];
    const atoms = ['a', 'b', 'ai', 'bot', 'to', 'é', '\\.', ',', ' ', '\\n', '-', '—', '[ab]', '[.!?]', '[ \\t]', '[^\\w\\s]', '\\s', '\\w', '\\d', '.', '\\b', '^', '$', '(?=a)', '(?!b)', '(?<=\\s)', '(?<!a)', '[A-C]', '[^a]', '\\x41', 'ſ'];
    const quantifiers = ['', '', '', '?', '*', '+', '{0,3}', '{1,2}', '{2}', '*?', '+?'];
    const expression = (depth: number): string => {
      const items = Array.from({ length: 1 + Math.floor(next() * 4) }, () => {
        const atom = depth > 0 && next() < 0.3 ? `(?:${Array.from({ length: 1 + Math.floor(next() * 3) }, () => expression(depth - 1)).join('|')})` : pick(atoms);
        return atom + (atom.startsWith('(?=') || atom.startsWith('(?!') || atom.startsWith('(?<') || ['^', '$', '\\b'].includes(atom) ? '' : pick(quantifiers));
      });
      return items.join('');
    };
    const pieces = ['a', 'A', 'b', 'B', 'ai', 'AI', 'Ai', 'bot', 'BOT', 'to', 'TO', ' ', '  ', '\n', '\t', '.', ',', '!', '-', '—', 'é', 'É', 'ſ', 'S', '\u212a', 'k', '1', '_', 'x'];
    let claims = 0;
    for (let round = 0; round < 600; round++) {
      const source = expression(2);
      const starts = matchStarts(source);
      if (!starts) continue;
      claims++;
      for (let t = 0; t < 8; t++) {
        const text = Array.from({ length: Math.floor(next() * 24) }, () => pick(pieces)).join('');
        for (const at of matchPlaces(source, text)) expect([source, text, at, covered(starts, text, at)]).toEqual([source, text, at, true]);
      }
    }
    expect(claims).toBeGreaterThan(150);
  });
});

describe('StartIndex', () => {
  it('visits every place where an entry string begins, and no other', () => {
    const next = rng(9);
    const alphabet = ['a', 'b', 'A', 'B', ' ', '\n', '.', 'é', 'É', 'ſ', 'S', 's'];
    const word = () => Array.from({ length: 1 + Math.floor(next() * 3) }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
    const fold = (s: string) => [...s].map((c) => String.fromCharCode(canonical(c.charCodeAt(0)))).join('');
    for (let round = 0; round < 50; round++) {
      const entries = Array.from({ length: 1 + Math.floor(next() * 4) }, () => ({
        strings: Array.from({ length: Math.floor(next() * 3) }, () => fold(word())),
        after: Array.from({ length: Math.floor(next() * 2) }, () => fold(word())),
      }));
      const index = new StartIndex(entries);
      for (let t = 0; t < 10; t++) {
        const text = Array.from({ length: Math.floor(next() * 30) }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
        const seen = new Set<string>();
        index.each(text, (entry, start, after) => seen.add(`${entry}:${start}:${after}`));
        const expected = new Set<string>();
        entries.forEach((e, entry) => {
          for (const [list, after] of [[e.strings, false], [e.after, true]] as const)
            for (const s of list) for (let at = 0; at < text.length; at++) if (readsAt(text, at, s)) expected.add(`${entry}:${at}:${after}`);
        });
        expect([...seen].sort()).toEqual([...expected].sort());
      }
    }
  });
});
