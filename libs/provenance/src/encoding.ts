import { createHash } from 'node:crypto';

export function sha256(...parts: Array<Buffer | Uint8Array | string>): Buffer {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
}

export function sha256Hex(data: Buffer | Uint8Array | string): string {
  return sha256(data).toString('hex');
}

/** Strict standard base64: canonical padding and no stray bits, so one text has one meaning. */
export function fromBase64Strict(text: string, what: string): Buffer {
  if (typeof text !== 'string' || !/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(text)) {
    throw new Error(`${what} is not valid base64`);
  }
  const buf = Buffer.from(text, 'base64');
  if (buf.toString('base64') !== text) throw new Error(`${what} is not canonical base64`);
  return buf;
}

export function fromHexStrict(text: string, what: string, bytes?: number): Buffer {
  if (typeof text !== 'string' || !/^(?:[0-9a-f]{2})*$/.test(text)) throw new Error(`${what} is not lower-case hex`);
  const buf = Buffer.from(text, 'hex');
  if (bytes !== undefined && buf.length !== bytes) throw new Error(`${what} must be ${bytes} bytes`);
  return buf;
}
