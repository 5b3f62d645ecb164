import { Detector, Finding } from '../detector';

const TAG = /[\u{E0000}-\u{E007F}]+/gu;
const BIDI = /[\u202A-\u202E\u2066-\u2069]/g;
/** Two or more variation selectors in a row (U+FE00–FE0F, U+E0100–E01EF): an emoji or an ideograph takes one; runs carry bytes. */
const VARIATION_RUN = /(?:[\uFE00-\uFE0F]|\uDB40[\uDD00-\uDDEF]){2,}/g;
// Zero-width and invisible format characters, except ZWJ (emoji sequences) and ZWNJ (Persian, Indic).
const INVISIBLE = /[\u200B\u2060-\u2064\uFEFF\u00AD\u180E\u115F\u1160\u3164\uFFA0]/g;
const INVISIBLE_RUN = /[\u200B\u2060-\u2064\uFEFF\u180E\u115F\u1160\u3164\uFFA0]/;

/**
 * Hidden text: Unicode tag characters (ASCII smuggling), runs of variation selectors (bytes hidden
 * after an emoji), bidirectional overrides (Trojan Source), and zero-width or invisible characters.
 * Joiners used by emoji and by scripts that need them are not flagged; runs are reported once with
 * their span.
 */
export const hiddenUnicodeDetector: Detector = {
  name: 'hidden-unicode',
  version: '1.1.0',
  scan(text: string): Finding[] {
    const out: Finding[] = [];
    // Tag characters (U+E0000–E007F) are written as a surrogate pair whose high half is U+DB40.
    for (const m of text.includes('\uDB40') ? text.matchAll(TAG) : []) {
      const decoded = [...m[0]].map((c) => String.fromCodePoint((c.codePointAt(0)! - 0xe0000) & 0x7f)).join('');
      out.push({
        code: 'hidden.unicode_tags',
        severity: 'critical',
        start: m.index!,
        end: m.index! + m[0].length,
        message: `invisible Unicode tag characters spell hidden text: ${JSON.stringify(decoded.slice(0, 80))}`,
      });
    }
    for (const m of /[\uFE00-\uFE0F\uDB40]/.test(text) ? text.matchAll(VARIATION_RUN) : []) {
      // The usual encoding: U+FE00–FE0F are bytes 0–15, U+E0100–E01EF bytes 16–255.
      const bytes = Buffer.from([...m[0]].map((c) => {
        const cp = c.codePointAt(0)!;
        return cp <= 0xfe0f ? cp - 0xfe00 : cp - 0xe0100 + 16;
      }));
      const decoded = bytes.toString('utf8');
      out.push({
        code: 'hidden.variation_selectors',
        severity: bytes.length >= 4 ? 'critical' : 'high',
        start: m.index!,
        end: m.index! + m[0].length,
        message: `${bytes.length} variation selectors in a row carry hidden bytes: ${JSON.stringify(decoded.slice(0, 80))}`,
      });
    }
    const bidi = [...text.matchAll(BIDI)];
    if (bidi.length) {
      out.push({
        code: 'hidden.bidi_override',
        severity: 'high',
        start: bidi[0].index!,
        end: bidi[bidi.length - 1].index! + 1,
        message: `${bidi.length} bidirectional control character(s) can make text read differently than it runs`,
      });
    }
    // A zero-width no-break space next to a space (as some wikis put around coordinates) and a lone
    // soft hyphen hide nothing; every other invisible character counts.
    const inv = [...text.matchAll(INVISIBLE)].filter((m) => {
      const i = m.index!;
      if (m[0] === '\uFEFF' && i === 0) return false;
      const before = text[i - 1] ?? ' ';
      const after = text[i + 1] ?? ' ';
      if (m[0] === '\uFEFF' && (/\s/.test(before) || /\s/.test(after))) return INVISIBLE_RUN.test(before + after);
      return true;
    });
    const hiding = inv.filter((m) => m[0] !== '\u00AD').length;
    if (hiding >= 2 || (hiding === 1 && inv.length >= 2) || inv.filter((m) => m[0] === '\u00AD').length >= 8) {
      out.push({
        code: 'hidden.invisible_characters',
        severity: inv.length >= 5 ? 'high' : 'medium',
        start: inv[0].index!,
        end: inv[inv.length - 1].index! + 1,
        message: `${inv.length} zero-width or invisible character(s) hide content from a human reader`,
      });
    } else if (hiding === 1) {
      out.push({ code: 'hidden.invisible_characters', severity: 'low', start: inv[0].index!, end: inv[0].index! + 1, message: 'one zero-width or invisible character inside a word' });
    }
    return out;
  },
};
