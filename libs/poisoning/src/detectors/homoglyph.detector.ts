import { Detector, Finding } from '../detector';

/** Words made of letters (any script), apostrophes inside. */
const WORD = /\p{L}[\p{L}\p{M}]*/gu;
const LATIN = /\p{Script=Latin}/u;
const CONFUSABLE = /[\p{Script=Cyrillic}\p{Script=Greek}\p{Script=Armenian}\p{Script=Cherokee}]/u;
const NON_ASCII = /[^\x00-\x7f]/;
/** The same scripts' blocks (Greek, Cyrillic, Armenian, Cherokee), as a quick test without Unicode properties. */
const CONFUSABLE_BLOCKS = /[\u0370-\u058F\u13A0-\u13FF\uAB70-\uABBF]/;

/**
 * Mixed-script homoglyphs: single words that mix Latin letters with look-alike Cyrillic, Greek,
 * Armenian or Cherokee ones ("pаypal" with a Cyrillic а), the way text slips past a human reader and
 * keyword filters. Words wholly in one script (Russian, Greek text) and accented Latin are untouched.
 */
export const homoglyphDetector: Detector = {
  name: 'homoglyph',
  version: '1.0.0',
  scan(text: string): Finding[] {
    if (!CONFUSABLE_BLOCKS.test(text) || !LATIN.test(text)) return [];
    let count = 0;
    let first = -1;
    let last = -1;
    const examples: string[] = [];
    for (const m of text.matchAll(WORD)) {
      const w = m[0];
      if (w.length < 2 || !NON_ASCII.test(w) || !CONFUSABLE.test(w) || !LATIN.test(w)) continue;
      count++;
      if (first < 0) first = m.index!;
      last = m.index! + w.length;
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
