import { KeyObject } from 'node:crypto';
import { ed25519Sign, ed25519Verify } from './ed25519';
import { fromBase64Strict, sha256 } from './encoding';

/** C2SP signed-note format with Ed25519 (signature type 0x01). */
const ALG_ED25519 = 0x01;
const DASH = '\u2014';

export function noteKeyHash(name: string, publicKey: Uint8Array): Buffer {
  return sha256(Buffer.from(name, 'utf8'), Buffer.from([0x0a, ALG_ED25519]), publicKey).subarray(0, 4);
}

/** The verifier key string: <name>+<hex key hash>+<base64(0x01 ‖ public key)>. */
export function formatVerifierKey(name: string, publicKey: Uint8Array): string {
  return `${name}+${noteKeyHash(name, publicKey).toString('hex')}+${Buffer.concat([Buffer.from([ALG_ED25519]), publicKey]).toString('base64')}`;
}

export interface VerifierKey {
  name: string;
  keyHash: Buffer;
  publicKey: Buffer;
}

export function parseVerifierKey(vkey: string): VerifierKey {
  const first = vkey.indexOf('+');
  const second = vkey.indexOf('+', first + 1);
  if (first <= 0 || second < 0) throw new Error('verifier key must be <name>+<hash>+<key>');
  const name = vkey.slice(0, first);
  const hashHex = vkey.slice(first + 1, second);
  const key = fromBase64Strict(vkey.slice(second + 1), 'verifier key');
  if (!/^[0-9a-f]{8}$/.test(hashHex)) throw new Error('verifier key hash must be 8 hex digits');
  if (key.length !== 33 || key[0] !== ALG_ED25519) throw new Error('verifier key is not an Ed25519 key');
  const publicKey = key.subarray(1);
  const keyHash = Buffer.from(hashHex, 'hex');
  if (!noteKeyHash(name, publicKey).equals(keyHash)) throw new Error('verifier key hash does not match its name and key');
  return { name, keyHash, publicKey };
}

function validName(name: string): boolean {
  return name.length > 0 && !/[\s+]/.test(name);
}

export function signNote(text: string, name: string, privateKey: KeyObject, publicKey: Uint8Array): string {
  if (!text.endsWith('\n')) throw new Error('note text must end with a newline');
  if (!validName(name)) throw new Error('note key name must not be empty or contain spaces or +');
  const sig = ed25519Sign(privateKey, Buffer.from(text, 'utf8'));
  const blob = Buffer.concat([noteKeyHash(name, publicKey), sig]).toString('base64');
  return `${text}\n${DASH} ${name} ${blob}\n`;
}

export interface ParsedNote {
  text: string;
  signatures: Array<{ name: string; keyHash: Buffer; signature: Buffer }>;
}

export function parseNote(note: string): ParsedNote {
  const split = note.lastIndexOf('\n\n');
  if (split < 0) throw new Error('signed note has no signature block');
  const text = note.slice(0, split + 1);
  const block = note.slice(split + 2);
  if (!block.endsWith('\n')) throw new Error('signed note must end with a newline');
  const signatures = block
    .slice(0, -1)
    .split('\n')
    .map((line) => {
      const m = /^\u2014 (\S+) (\S+)$/.exec(line);
      if (!m) throw new Error(`malformed signature line: ${JSON.stringify(line)}`);
      const raw = fromBase64Strict(m[2], 'note signature');
      if (raw.length < 5) throw new Error('note signature is too short');
      return { name: m[1], keyHash: raw.subarray(0, 4), signature: raw.subarray(4) };
    });
  return { text, signatures };
}

/**
 * Verifies that the note carries a valid signature by at least one of the given keys. Signatures
 * by unknown keys are ignored (as the format specifies); a bad signature by a known key fails.
 */
export function verifyNote(note: string, keys: VerifierKey[]): { text: string; signedBy: VerifierKey[] } {
  const parsed = parseNote(note);
  const signedBy: VerifierKey[] = [];
  for (const s of parsed.signatures) {
    const key = keys.find((k) => k.name === s.name && k.keyHash.equals(s.keyHash));
    if (!key) continue;
    if (!ed25519Verify(key.publicKey, Buffer.from(parsed.text, 'utf8'), s.signature)) {
      throw new Error(`note signature by ${s.name}+${s.keyHash.toString('hex')} does not verify`);
    }
    signedBy.push(key);
  }
  if (signedBy.length === 0) throw new Error('note is not signed by any known key');
  return { text: parsed.text, signedBy };
}

export interface CheckpointBody {
  origin: string;
  size: number;
  rootHash: Buffer;
  extensions: string[];
}

export function formatCheckpoint(origin: string, size: number, rootHash: Uint8Array): string {
  return `${origin}\n${size}\n${Buffer.from(rootHash).toString('base64')}\n`;
}

export function parseCheckpoint(text: string): CheckpointBody {
  const lines = text.split('\n');
  if (lines.length < 4 || lines[lines.length - 1] !== '') throw new Error('checkpoint must have origin, size and root lines');
  const [origin, sizeText, rootText, ...rest] = lines.slice(0, -1);
  if (!origin) throw new Error('checkpoint origin is empty');
  if (!/^(0|[1-9][0-9]*)$/.test(sizeText)) throw new Error('checkpoint size is not a decimal number');
  const size = Number(sizeText);
  if (!Number.isSafeInteger(size)) throw new Error('checkpoint size is too large');
  const rootHash = fromBase64Strict(rootText, 'checkpoint root');
  if (rootHash.length !== 32) throw new Error('checkpoint root must be 32 bytes');
  return { origin, size, rootHash, extensions: rest };
}
