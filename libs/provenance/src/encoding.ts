import { hash } from 'node:crypto';

/** SHA-256 of the parts, concatenated (one-shot: no hash object per call). */
export function sha256(...parts: Array<Buffer | Uint8Array | string>): Buffer {
  if (parts.length === 1) return hash('sha256', parts[0], 'buffer');
  return hash('sha256', Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p))), 'buffer');
}

export function sha256Hex(data: Buffer | Uint8Array | string): string {
  return sha256(data).toString('hex');
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Strict standard base64: canonical padding and no stray bits, so one text has one meaning. The
 * bytes must encode back to exactly the text (the encoder only writes canonical standard base64);
 * the pattern is consulted only to say which rule a rejected text broke.
 */
export function fromBase64Strict(text: string, what: string): Buffer {
  if (typeof text !== 'string') throw new Error(`${what} is not valid base64`);
  const buf = Buffer.from(text, 'base64');
  if (buf.toString('base64') === text) return buf;
  throw new Error(BASE64.test(text) ? `${what} is not canonical base64` : `${what} is not valid base64`);
}

export function fromHexStrict(text: string, what: string, bytes?: number): Buffer {
  if (typeof text !== 'string' || !/^(?:[0-9a-f]{2})*$/.test(text)) throw new Error(`${what} is not lower-case hex`);
  const buf = Buffer.from(text, 'hex');
  if (bytes !== undefined && buf.length !== bytes) throw new Error(`${what} must be ${bytes} bytes`);
  return buf;
}
