import { KeyObject } from 'node:crypto';
import { ed25519Sign, ed25519Verify } from './ed25519';
import { fromBase64Strict } from './encoding';

/** DSSE v1 envelope (secure-systems-lab/dsse). */
export interface DsseEnvelope {
  payload: string;
  payloadType: string;
  signatures: Array<{ keyid: string; sig: string }>;
}

/** Pre-authentication encoding: "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body. */
export function pae(payloadType: string, payload: Uint8Array): Buffer {
  const type = Buffer.from(payloadType, 'utf8');
  return Buffer.concat([
    Buffer.from(`DSSEv1 ${type.length} `, 'utf8'),
    type,
    Buffer.from(` ${payload.length} `, 'utf8'),
    Buffer.from(payload),
  ]);
}

export function signEnvelope(payloadType: string, payload: Uint8Array, keyid: string, key: KeyObject): DsseEnvelope {
  const sig = ed25519Sign(key, pae(payloadType, payload));
  return { payload: Buffer.from(payload).toString('base64'), payloadType, signatures: [{ keyid, sig: sig.toString('base64') }] };
}

/** The envelope's bytes as stored and served; verification always starts from these bytes. */
export function envelopeBytes(env: DsseEnvelope): Buffer {
  return Buffer.from(JSON.stringify({ payload: env.payload, payloadType: env.payloadType, signatures: env.signatures }), 'utf8');
}

export function parseEnvelope(bytes: Uint8Array): DsseEnvelope {
  let env: unknown;
  try {
    env = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch {
    throw new Error('envelope is not JSON');
  }
  const e = env as DsseEnvelope;
  if (
    !e ||
    typeof e.payload !== 'string' ||
    typeof e.payloadType !== 'string' ||
    !Array.isArray(e.signatures) ||
    e.signatures.length === 0 ||
    e.signatures.some((s) => !s || typeof s.keyid !== 'string' || typeof s.sig !== 'string')
  ) {
    throw new Error('envelope does not have the DSSE shape');
  }
  return e;
}

export type KeyResolver = (keyid: string) => Uint8Array | null;

/**
 * Verifies the envelope from its stored bytes: every signature must be by a known key and valid.
 * Returns the decoded payload.
 */
export function verifyEnvelope(bytes: Uint8Array, resolve: KeyResolver): { envelope: DsseEnvelope; payload: Buffer } {
  const envelope = parseEnvelope(bytes);
  const payload = fromBase64Strict(envelope.payload, 'envelope payload');
  const message = pae(envelope.payloadType, payload);
  for (const s of envelope.signatures) {
    const key = resolve(s.keyid);
    if (!key) throw new Error(`envelope signed by unknown key ${s.keyid}`);
    const sig = fromBase64Strict(s.sig, 'envelope signature');
    if (!ed25519Verify(key, message, sig)) throw new Error(`envelope signature by ${s.keyid} does not verify`);
  }
  return { envelope, payload };
}
