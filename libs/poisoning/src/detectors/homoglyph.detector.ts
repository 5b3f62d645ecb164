import { Detector, Finding } from '../detector';

const LATIN = /\p{Script=Latin}/u;
const CONFUSABLE = /[\p{Script=Cyrillic}\p{Script=Greek}\p{Script=Armenian}\p{Script=Cherokee}]/gu;
const CONFUSABLE_ONE = new RegExp(CONFUSABLE.source, 'u');
const LETTER = /\p{L}/u;
const LETTER_OR_MARK = /[\p{L}\p{M}]/u;
/** The same scripts' blocks (Greek, Cyrillic, Armenian, Cherokee), as a quick test without Unicode properties. */
const CONFUSABLE_BLOCKS = /[\u0370-\u058F\u13A0-\u13FF\uAB70-\uABBF]/;

const GREEK = /\p{Script=Greek}/u;
const LOWER_LATIN = /^(?=\p{Script=Latin})\p{Ll}$/u;
/** Greek letters drawn the same as Latin ones: omicron and the capitals A, B, E, Z, H, I, K, M, N, O, P, T, Y, X. */
const GREEK_LOOKALIKE = /[\u03bf\u039f\u0391\u0392\u0395\u0396\u0397\u0399\u039a\u039c\u039d\u03a1\u03a4\u03a5\u03a7]/;

/**
 * Whether the word's letters of another script disguise Latin ones. A Greek letter is read as a
 * scientific symbol ("NF-κB", "IFNγ", "Aβ", "75 μm", "αvβ3") unless it is drawn like a Latin letter or
 * sits between two lower-case Latin letters ("pαypal"); Cyrillic, Armenian and Cherokee letters in a
 * Latin word always count.
 */
function disguises(w: string): boolean {
  const chars = Array.from(w);
  return chars.some((c, i) => {
    if (!CONFUSABLE_ONE.test(c)) return false;
    if (!GREEK.test(c) || GREEK_LOOKALIKE.test(c)) return true;
    return i > 0 && i < chars.length - 1 && LOWER_LATIN.test(chars[i - 1]) && LOWER_LATIN.test(chars[i + 1]);
  });
}

/** Length in code units of the letter or mark at `i` (0 when the character there is neither). */
function letterOrMarkAt(text: string, i: number): number {
  const cp = text.codePointAt(i)!;
  return LETTER_OR_MARK.test(String.fromCodePoint(cp)) ? (cp > 0xffff ? 2 : 1) : 0;
}

/** Start of the character that ends just before `i` (two code units back for a surrogate pair). */
function previousCharAt(text: string, i: number): number {
  const low = text.charCodeAt(i - 1);
  const high = i >= 2 ? text.charCodeAt(i - 2) : 0;
  return low >= 0xdc00 && low <= 0xdfff && high >= 0xd800 && high <= 0xdbff ? i - 2 : i - 1;
}

/**
 * The word around position `at`: a word is a letter followed by letters and combining marks
 * (`\p{L}[\p{L}\p{M}]*`), so it starts at the first letter of the run of letters and marks that holds
 * `at` and ends where the run ends. Null when `at` holds neither a letter nor a mark, or a mark before the run's first letter.
 */
function wordAround(text: string, at: number): { start: number; end: number } | null {
  if (!letterOrMarkAt(text, at)) return null;
  let run = at;
  while (run > 0) {
    const prev = previousCharAt(text, run);
    if (!letterOrMarkAt(text, prev)) break;
    run = prev;
  }
  let end = at;
  for (let len = letterOrMarkAt(text, end); len; len = end < text.length ? letterOrMarkAt(text, end) : 0) end += len;
  let start = run;
  while (start < end && !LETTER.test(String.fromCodePoint(text.codePointAt(start)!))) start += letterOrMarkAt(text, start);
  return start <= at && start < end ? { start, end } : null;
}

/**
 * Mixed-script homoglyphs: single words that mix Latin letters with look-alike Cyrillic, Greek,
 * Armenian or Cherokee ones ("pаypal" with a Cyrillic а), the way text slips past a human reader and
 * keyword filters. Words wholly in one script (Russian, Greek text), accented Latin and Greek letters used
 * as scientific symbols are untouched.
 */
export const homoglyphDetector: Detector = {
  name: 'homoglyph',
  version: '1.1.0',
  scan(text: string): Finding[] {
    if (!CONFUSABLE_BLOCKS.test(text) || !LATIN.test(text)) return [];
    let count = 0;
    let first = -1;
    let last = -1;
    const examples: string[] = [];
    // Only words with a character of those scripts can mix them with Latin: each is read from such a character outward.
    CONFUSABLE.lastIndex = 0;
    for (let m = CONFUSABLE.exec(text); m; m = CONFUSABLE.exec(text)) {
      const word = wordAround(text, m.index);
      if (!word) continue;
      CONFUSABLE.lastIndex = word.end;
      const w = text.slice(word.start, word.end);
      if (w.length < 2 || !LATIN.test(w) || !disguises(w)) continue;
      count++;
      if (first < 0) first = word.start;
      last = word.end;
      if (examples.length < 3) examples.push(w);
    }
    if (!count) return [];
    return [
      {
        code: 'hidden.homoglyphs',
        severity: count >= 2 ? 'high' : 'medium',
        start: first,
        end: last,
        message: `${count} word(s) mix Latin with look-alike letters of another script: ${examples.map((e) => JSON.stringify(e)).join(', ')}`,
      },
    ];
  },
};
