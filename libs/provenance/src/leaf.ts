import type { LeafKind } from '@ctxvault/persistence';
import { canonicalBytes } from './canonical-json';
import { sha256 } from './encoding';
import { leafHash } from './merkle';

/**
 * A log leaf holds only a hash of what it records: the leaf input is the canonical JSON
 * {"kind": K, "sha256": hex of the recorded bytes}. The recorded bytes (an envelope, a key record,
 * an audit record) live elsewhere and can be purged while the log still verifies.
 */
export function leafInputFor(kind: LeafKind, recordedBytes: Uint8Array): Buffer {
  return canonicalBytes({ kind, sha256: sha256(recordedBytes).toString('hex') });
}

export function leafOf(kind: LeafKind, recordedBytes: Uint8Array): { input: Buffer; hash: Buffer } {
  const input = leafInputFor(kind, recordedBytes);
  return { input, hash: leafHash(input) };
}
