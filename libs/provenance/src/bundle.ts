import { canonicalize } from './canonical-json';
import type { ProvenanceBundle } from './provenance.service';
import { verifyEnvelope } from './dsse';
import { publicKeyProblem } from './ed25519';
import { fromBase64Strict, sha256 } from './encoding';
import { keyIdOf } from './keyring';
import { leafInputFor } from './leaf';
import { leafHash, verifyConsistency, verifyInclusion } from './merkle';
import { parseCheckpoint, parseVerifierKey, verifyNote } from './signed-note';
import { parseStatement, TOMBSTONE_PREDICATE, VERSION_PREDICATE } from './statement';

export class BundleVerificationError extends Error {
  constructor(
    readonly step: string,
    message: string,
  ) {
    super(`${step}: ${message}`);
    this.name = 'BundleVerificationError';
  }
}

export interface BundleVerification {
  ok: true;
  tenant: string;
  documentId: string;
  kind: 'statement' | 'tombstone';
  keyId: string;
  leafIndex: number;
  treeSize: number;
  contentVerified: boolean;
  author?: unknown;
  source?: unknown;
}

function step<T>(name: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof BundleVerificationError) throw e;
    throw new BundleVerificationError(name, (e as Error).message);
  }
}

/**
 * Verifies an exported bundle against a tenant's published key history, with no network and no
 * database: the bundle must be canonical JSON (so no byte can change unnoticed), its envelope must
 * be signed by a key of the history, its leaf must be included in the checkpoint's tree, and the
 * checkpoint must be signed by a key of the history. Content, when present, must hash to the digest.
 */
export function verifyBundle(bundleBytes: Buffer, keysBytes: Buffer): BundleVerification {
  const bundle = step('bundle', () => {
    const text = bundleBytes.toString('utf8');
    const parsed = JSON.parse(text);
    if (canonicalize(parsed) !== text) throw new Error('is not in canonical JSON form (was it edited?)');
    if (parsed.format !== 'ctxvault-bundle/v1') throw new Error(`unknown format ${JSON.stringify(parsed.format)}`);
    const allowed = ['format', 'tenant', 'origin', 'documentId', 'envelope', 'leafIndex', 'inclusionProof', 'checkpoint', 'content'];
    const extra = Object.keys(parsed).filter((k) => !allowed.includes(k));
    if (extra.length) throw new Error(`unexpected fields ${extra.join(', ')}`);
    return parsed as ProvenanceBundle;
  });
  const history = step('key history', () => {
    const h = JSON.parse(keysBytes.toString('utf8'));
    if (h.format !== 'ctxvault-keys/v1' || !Array.isArray(h.keys)) throw new Error('is not a ctxvault-keys/v1 document');
    if (h.tenant !== bundle.tenant) throw new Error(`is for tenant ${h.tenant}, the bundle for ${bundle.tenant}`);
    if (h.origin !== bundle.origin) throw new Error(`log origin ${h.origin} differs from the bundle's ${bundle.origin}`);
    const keys = (h.keys as Array<{ keyId: string; publicKey: string; vkey: string }>).map((k) => {
      const pub = fromBase64Strict(k.publicKey, `public key ${k.keyId}`);
      const problem = publicKeyProblem(pub);
      if (problem) throw new Error(`key ${k.keyId} is refused (${problem})`);
      if (keyIdOf(pub) !== k.keyId) throw new Error(`key id ${k.keyId} does not match its public key`);
      const vkey = parseVerifierKey(k.vkey);
      if (vkey.name !== h.origin || !vkey.publicKey.equals(pub)) throw new Error(`verifier key of ${k.keyId} does not match`);
      return { keyId: k.keyId, publicKey: pub, vkey };
    });
    if (!keys.length) throw new Error('has no keys');
    return keys;
  });

  const envelopeBytes = step('envelope', () => fromBase64Strict(bundle.envelope, 'envelope'));
  const { envelope, payload } = step('envelope signature', () =>
    verifyEnvelope(envelopeBytes, (keyid) => history.find((k) => k.keyId === keyid)?.publicKey ?? null),
  );
  const statement = step('statement', () => {
    const s = parseStatement(payload);
    if (s.predicate.tenant !== bundle.tenant) throw new Error(`is for tenant ${s.predicate.tenant}`);
    if (s.predicate.document.id !== bundle.documentId) throw new Error(`is about document ${s.predicate.document.id}`);
    if (s.predicateType !== VERSION_PREDICATE && s.predicateType !== TOMBSTONE_PREDICATE) throw new Error(`has unknown predicate ${s.predicateType}`);
    return s;
  });
  const kind = statement.predicateType === TOMBSTONE_PREDICATE ? 'tombstone' : 'statement';

  let contentVerified = false;
  if (bundle.content !== undefined) {
    step('content', () => {
      if (kind !== 'statement') throw new Error('a tombstone has no content');
      if (sha256(bundle.content!).toString('hex') !== statement.subject[0]?.digest?.sha256) throw new Error('does not hash to the signed digest');
    });
    contentVerified = true;
  }

  const checkpoint = step('checkpoint signature', () => {
    const { text } = verifyNote(bundle.checkpoint, history.map((k) => k.vkey));
    return parseCheckpoint(text);
  });
  step('checkpoint', () => {
    if (checkpoint.origin !== bundle.origin) throw new Error(`origin ${checkpoint.origin} differs from ${bundle.origin}`);
    if (checkpoint.size !== bundle.inclusionProof.treeSize) throw new Error(`size ${checkpoint.size} differs from the proof's ${bundle.inclusionProof.treeSize}`);
  });
  step('inclusion proof', () => {
    const leaf = leafHash(leafInputFor(kind, envelopeBytes));
    const hashes = bundle.inclusionProof.hashes.map((h, i) => fromBase64Strict(h, `proof hash ${i}`));
    verifyInclusion(bundle.leafIndex, checkpoint.size, leaf, hashes, checkpoint.rootHash);
  });

  return {
    ok: true,
    tenant: bundle.tenant,
    documentId: bundle.documentId,
    kind,
    keyId: envelope.signatures[0].keyid,
    leafIndex: bundle.leafIndex,
    treeSize: checkpoint.size,
    contentVerified,
    author: (statement.predicate as { author?: unknown }).author,
    source: (statement.predicate as { source?: unknown }).source,
  };
}


/** Parses a key history document into the verifier keys of its checkpoints. */
export function historyVerifierKeys(keysBytes: Buffer): { tenant: string; origin: string; keys: ReturnType<typeof parseVerifierKey>[] } {
  const h = JSON.parse(keysBytes.toString('utf8'));
  if (h.format !== 'ctxvault-keys/v1' || !Array.isArray(h.keys)) throw new Error('key history is not a ctxvault-keys/v1 document');
  return { tenant: h.tenant, origin: h.origin, keys: h.keys.map((k: { vkey: string }) => parseVerifierKey(k.vkey)) };
}

/**
 * Proves that the log now extends a checkpoint the caller kept: both checkpoints signed by keys of
 * the history, same origin, and a valid consistency proof between their trees.
 */
export function verifyLogExtends(oldNote: string, newNote: string, proof: string[], keysBytes: Buffer): { from: number; to: number } {
  const { origin, keys } = step('key history', () => historyVerifierKeys(keysBytes));
  const old = step('kept checkpoint', () => parseCheckpoint(verifyNote(oldNote, keys).text));
  const cur = step('current checkpoint', () => parseCheckpoint(verifyNote(newNote, keys).text));
  step('origin', () => {
    if (old.origin !== origin || cur.origin !== origin) throw new Error(`checkpoints are not both of log ${origin}`);
  });
  step('consistency', () => {
    if (cur.size < old.size) throw new Error(`the log shrank from ${old.size} to ${cur.size} leaves`);
    verifyConsistency(old.size, cur.size, proof.map((p, i) => fromBase64Strict(p, `proof hash ${i}`)), old.rootHash, cur.rootHash);
  });
  return { from: old.size, to: cur.size };
}
