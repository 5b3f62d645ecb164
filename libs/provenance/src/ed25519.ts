import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, KeyObject, sign, verify } from 'node:crypto';

/**
 * Ed25519 through node:crypto, plus the checks Node does not make: a public key accepted from
 * outside must be a canonical encoding of a point that is not of small order.
 */
const P = 2n ** 255n - 19n;
const D = (-121665n * modInv(121666n)) % P;
const SQRT_M1 = modPow(2n, (P - 1n) / 4n, P);

function mod(a: bigint): bigint {
  const r = a % P;
  return r < 0n ? r + P : r;
}
function modPow(b: bigint, e: bigint, m: bigint): bigint {
  let r = 1n;
  b %= m;
  while (e > 0n) {
    if (e & 1n) r = (r * b) % m;
    b = (b * b) % m;
    e >>= 1n;
  }
  return r;
}
function modInv(a: bigint): bigint {
  return modPow(((a % P) + P) % P, P - 2n, P);
}

type Point = { x: bigint; y: bigint; z: bigint; t: bigint };

function decode(bytes: Uint8Array): { point: Point | null; canonical: boolean } {
  const b = Buffer.from(bytes);
  const sign = (b[31] & 0x80) !== 0;
  b[31] &= 0x7f;
  const y = BigInt('0x' + Buffer.from(b).reverse().toString('hex'));
  if (y >= P) return { point: null, canonical: false };
  const y2 = mod(y * y);
  const u = mod(y2 - 1n);
  const v = mod(D * y2 + 1n);
  // x = sqrt(u / v), RFC 8032 §5.1.3
  let x = mod(u * modPow(v, 3n, P) * modPow(mod(u * modPow(v, 7n, P)), (P - 5n) / 8n, P));
  const vx2 = mod(v * x * x);
  if (vx2 !== u) {
    if (vx2 === mod(-u)) x = mod(x * SQRT_M1);
    else return { point: null, canonical: true };
  }
  if (x === 0n && sign) return { point: null, canonical: false };
  if ((x & 1n) !== (sign ? 1n : 0n)) x = mod(-x);
  return { point: { x, y, z: 1n, t: mod(x * y) }, canonical: true };
}

function double(p: Point): Point {
  const a = mod(p.x * p.x);
  const b = mod(p.y * p.y);
  const c = mod(2n * p.z * p.z);
  const h = mod(a + b);
  const e = mod(h - mod((p.x + p.y) * (p.x + p.y)));
  const g = mod(a - b);
  const f = mod(c + g);
  return { x: mod(e * f), y: mod(g * h), z: mod(f * g), t: mod(e * h) };
}

export type PublicKeyProblem = 'wrong-length' | 'non-canonical' | 'not-on-curve' | 'low-order';

/** Why this 32-byte Ed25519 public key must not be registered, or null when it may. */
export function publicKeyProblem(raw: Uint8Array): PublicKeyProblem | null {
  if (raw.length !== 32) return 'wrong-length';
  const { point, canonical } = decode(raw);
  if (!canonical) return 'non-canonical';
  if (!point) return 'not-on-curve';
  let q = point;
  for (let i = 0; i < 3; i++) q = double(q);
  // [8]P is the identity (x = 0, y = z) exactly when P has small order.
  if (mod(q.x) === 0n && mod(q.y - q.z) === 0n) return 'low-order';
  return null;
}

const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/** Most entries each of the key and verification memos below holds (least recently used dropped first). */
const MEMO_ENTRIES = 65_536;

/** A bounded map that forgets its least recently used entry when full. */
class Memo<V> {
  private readonly entries = new Map<string, V>();
  get(k: string): V | undefined {
    const v = this.entries.get(k);
    if (v !== undefined) {
      this.entries.delete(k);
      this.entries.set(k, v);
    }
    return v;
  }
  set(k: string, v: V): void {
    if (this.entries.size >= MEMO_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(k, v);
  }
}

const keyObjects = new Memo<KeyObject>();
/** Digests of (public key, signature, message) triples that verified: verification is deterministic, so a match need not be recomputed. */
const verified = new Memo<true>();

export function publicKeyObject(raw: Uint8Array): KeyObject {
  const id = Buffer.from(raw).toString('hex');
  let key = keyObjects.get(id);
  if (!key) keyObjects.set(id, (key = createPublicKey({ key: Buffer.concat([SPKI_PREFIX, Buffer.from(raw)]), format: 'der', type: 'spki' })));
  return key;
}

export function privateKeyObject(seed: Uint8Array): KeyObject {
  return createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, Buffer.from(seed)]), format: 'der', type: 'pkcs8' });
}

export interface Ed25519KeyPair {
  seed: Buffer;
  publicKey: Buffer;
}

export function generateEd25519(): Ed25519KeyPair {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const pub = publicKey.export({ format: 'der', type: 'spki' }).subarray(SPKI_PREFIX.length);
  const seed = privateKey.export({ format: 'der', type: 'pkcs8' }).subarray(PKCS8_PREFIX.length);
  return { seed: Buffer.from(seed), publicKey: Buffer.from(pub) };
}

export function ed25519Sign(privateKey: KeyObject, message: Uint8Array): Buffer {
  return sign(null, message, privateKey);
}

/** Plain RFC 8032 verification (no policy on the public key). */
export function ed25519Verify(publicKey: Uint8Array | KeyObject, message: Uint8Array, signature: Uint8Array): boolean {
  if (signature.length !== 64) return false;
  try {
    const key = publicKey instanceof KeyObject ? publicKey : publicKeyObject(publicKey);
    // The key in its fixed-length SPKI form and the fixed-length signature before the message: no two triples share a digest input.
    const spki = publicKey instanceof KeyObject ? publicKey.export({ format: 'der', type: 'spki' }) : Buffer.concat([SPKI_PREFIX, Buffer.from(publicKey)]);
    const memo = createHash('sha256').update(spki).update(signature).update(message).digest('base64');
    if (verified.get(memo)) return true;
    const ok = verify(null, message, key, signature);
    if (ok) verified.set(memo, true);
    return ok;
  } catch {
    return false;
  }
}
