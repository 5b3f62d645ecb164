import { Detector, Finding } from '../detector';
import { findInstructions } from '../instruction-patterns';

/** Runs of base64 long enough to carry a sentence. */
const MIN_ENCODED = 24;
const MAX_ENCODED = 8192;

const isBase64 = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 43 || c === 47;

/** Spans of base64 alphabet (with trailing padding) at least MIN_ENCODED long; one pass over the characters. */
export function base64Runs(text: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let start = -1;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : -1;
    if (isBase64(c)) {
      if (start < 0) start = i;
      continue;
    }
    if (start >= 0 && i - start >= MIN_ENCODED) {
      let end = i;
      while (end < text.length && end - i < 2 && text.charCodeAt(end) === 61) end++;
      out.push([start, end]);
    }
    start = -1;
  }
  return out;
}

/** Decoded bytes as text, when they read as text (printable, with two words or more); else null. */
function readable(bytes: Buffer): string | null {
  if (bytes.length < 12) return null;
  let printable = 0;
  for (const b of bytes) if ((b >= 0x20 && b < 0x7f) || b === 0x0a || b === 0x0d || b === 0x09 || b >= 0xc2) printable++;
  if (printable / bytes.length < 0.95) return null;
  const text = bytes.toString('utf8');
  return /[a-z]{2,}\s+[a-z]{2,}/i.test(text) ? text : null;
}

/** The text a base64 run decodes to, when it decodes to readable text (else null). */
export function decodeBase64Text(run: string): string | null {
  if (run.length % 4 === 1 || run.length > MAX_ENCODED) return null;
  return readable(Buffer.from(run, 'base64'));
}

/** The text a run of hex digits decodes to, when it decodes to readable text (else null). */
export function decodeHexText(run: string): string | null {
  if (run.length % 2 === 1 || run.length > MAX_ENCODED || !/^[0-9a-f]+$/i.test(run)) return null;
  return readable(Buffer.from(run, 'hex'));
}

/**
 * Instruction-like text aimed at an AI reader: overrides of earlier instructions, system-prompt and
 * persona claims, direct address of an AI, demands on its reply, secrecy towards the user, tool-use
 * coercion, and base64 or hex payloads that decode to any of these. Soft hyphens and zero-width
 * characters inside words are skipped and full-width letters read as ASCII. A phrase quoted or
 * discussed as an example (security docs, detector write-ups) is not flagged.
 */
export const instructionDetector: Detector = {
  name: 'instruction',
  version: '1.53.0',
  scan(text: string): Finding[] {
    const out: Finding[] = [];
    for (const h of findInstructions(text)) {
      // Mentions are not instructions; low-severity phrases are evidence for the learned model only.
      if (h.mention || h.severity === 'low') continue;
      out.push({ code: h.code, severity: h.severity, start: h.start, end: h.end, message: `instruction-like text: ${h.what}` });
    }
    for (const [start, end] of base64Runs(text)) {
      const run = text.slice(start, end);
      const hex = decodeHexText(run);
      const decoded = hex ?? decodeBase64Text(run);
      if (!decoded) continue;
      const hits = findInstructions(decoded).filter((h) => !h.mention);
      if (!hits.length) continue;
      out.push({
        code: 'instruction.encoded_payload',
        severity: 'high',
        start,
        end,
        message: `${hex ? 'hex' : 'base64'} text decodes to an instruction (${hits[0].what}): ${JSON.stringify(decoded.slice(0, 80))}`,
      });
    }
    return out;
  },
};
