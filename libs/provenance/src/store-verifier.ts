import { Database, DocumentRepository, LogRepository, SigningKeyRepository, StatementRepository } from '@ctxvault/persistence';
import { parseEnvelope, verifyEnvelope } from './dsse';
import { sha256 } from './encoding';
import { publicKeyProblem } from './ed25519';
import { leafInputFor } from './leaf';
import { leafHash, nodeHash } from './merkle';
import { parseCheckpoint, VerifierKey, noteKeyHash, verifyNote } from './signed-note';
import { parseStatement, VERSION_PREDICATE } from './statement';
import { keyIdOf, logOrigin } from './keyring';

export type FailureKind =
  | 'key_invalid'
  | 'key_record_mismatch'
  | 'leaf_missing'
  | 'leaf_hash_mismatch'
  | 'leaf_record_mismatch'
  | 'leaf_unreferenced'
  | 'envelope_invalid'
  | 'signature_invalid'
  | 'statement_mismatch'
  | 'content_hash_mismatch'
  | 'tree_node_missing'
  | 'tree_node_mismatch'
  | 'tree_node_unexpected'
  | 'checkpoint_invalid'
  | 'checkpoint_root_mismatch';

export interface VerifyFailure {
  kind: FailureKind;
  message: string;
  documentId?: string;
  versionId?: string;
  statementId?: string;
  leafIndex?: number;
  level?: number;
  nodeIndex?: number;
  checkpointId?: string;
  keyId?: string;
}

export interface VerifyReport {
  ok: boolean;
  tenant: string;
  checked: { leaves: number; statements: number; versions: number; nodes: number; checkpoints: number; keys: number };
  failures: VerifyFailure[];
  /** The largest log size the report vouches for: the latest checkpoint's, when it verified. */
  treeSize: number;
}

const PAGE = 10_000;

interface Claim {
  expectedInput: Buffer;
  /** The record behind the claim verified on its own (signature, stored digest, shape). */
  intact: boolean;
  ids: Pick<VerifyFailure, 'documentId' | 'statementId' | 'keyId' | 'versionId'>;
}

/**
 * Checks a tenant's whole store: content against its hashes, every envelope signature against the
 * key history, every leaf against what it records, every stored tree node and every checkpoint
 * against a tree rebuilt from scratch. Each failure names the item it concerns.
 */
export class StoreVerifier {
  constructor(
    private readonly db: Database,
    private readonly keys: SigningKeyRepository,
    private readonly log: LogRepository,
    private readonly statements: StatementRepository,
    private readonly documents: DocumentRepository,
    private readonly originPrefix: string,
  ) {}

  async verify(): Promise<VerifyReport> {
    const tenant = this.db.tenantId();
    const origin = logOrigin(this.originPrefix, tenant);
    const failures: VerifyFailure[] = [];
    const claims = new Map<number, Claim[]>();
    const claim = (i: number, c: Claim) => {
      const list = claims.get(i) ?? [];
      list.push(c);
      claims.set(i, list);
    };

    // Keys: each record must describe the stored key and sit at its leaf.
    const keyRows = await this.keys.history();
    const publicKeys = new Map<string, Buffer>();
    const noteKeys: Array<VerifierKey & { keyId: string }> = [];
    for (const k of keyRows) {
      let intact = true;
      const problem = publicKeyProblem(k.publicKey);
      if (problem || keyIdOf(k.publicKey) !== k.keyId) {
        intact = false;
        failures.push({ kind: 'key_invalid', keyId: k.keyId, leafIndex: k.leafIndex, message: `signing key ${k.keyId} is ${problem ?? 'not the key its id names'}` });
      }
      try {
        const rec = JSON.parse(k.record.toString('utf8'));
        if (rec.keyId !== k.keyId || rec.publicKey !== k.publicKey.toString('base64') || rec.tenant !== tenant) throw new Error('differs');
      } catch {
        intact = false;
        failures.push({ kind: 'key_record_mismatch', keyId: k.keyId, leafIndex: k.leafIndex, message: `the record of key ${k.keyId} does not describe the stored key` });
      }
      publicKeys.set(k.keyId, k.publicKey);
      noteKeys.push({ name: origin, keyHash: noteKeyHash(origin, k.publicKey), publicKey: k.publicKey, keyId: k.keyId });
      claim(k.leafIndex, { expectedInput: leafInputFor('key', k.record), intact, ids: { keyId: k.keyId } });
    }

    // Statements and the content they vouch for.
    let statementCount = 0;
    let versionCount = 0;
    for (let after = -1; ; ) {
      const page = await this.statements.page(after, PAGE);
      if (!page.length) break;
      after = page[page.length - 1].leafIndex;
      for (const st of page) {
        statementCount++;
        const ids = { documentId: st.documentId, statementId: st.id, ...(st.versionId ? { versionId: st.versionId } : {}) };
        let intact = true;
        const fail = (kind: FailureKind, message: string) => {
          intact = false;
          failures.push({ kind, leafIndex: st.leafIndex, ...ids, message });
        };
        if (!sha256(st.envelope).equals(st.envelopeSha256)) fail('envelope_invalid', 'the stored envelope does not match its recorded digest');
        let payload: Buffer | null = null;
        try {
          payload = verifyEnvelope(st.envelope, (keyid) => publicKeys.get(keyid) ?? null).payload;
        } catch (e) {
          let shapeOk = true;
          try {
            parseEnvelope(st.envelope);
          } catch {
            shapeOk = false;
          }
          fail(shapeOk ? 'signature_invalid' : 'envelope_invalid', (e as Error).message);
        }
        if (payload) {
          try {
            const s = parseStatement(payload);
            if (s.predicate.tenant !== tenant || s.predicate.document.id !== st.documentId) throw new Error('names another tenant or document');
            if (st.kind === 'statement') {
              if (s.predicateType !== VERSION_PREDICATE || s.predicate.document.versionId !== st.versionId) throw new Error('names another version');
              const v = await this.documents.version(st.versionId!);
              versionCount++;
              if (!v) {
                fail('statement_mismatch', 'the version this statement signs is missing');
              } else {
                const claimed = s.subject[0]?.digest?.sha256;
                if (v.contentSha256.toString('hex') !== claimed) {
                  failures.push({ kind: 'content_hash_mismatch', leafIndex: st.leafIndex, ...ids, message: 'stored content hash differs from the signed one' });
                } else if (v.content !== null && sha256(v.content).toString('hex') !== claimed) {
                  failures.push({ kind: 'content_hash_mismatch', leafIndex: st.leafIndex, ...ids, message: 'stored content does not hash to the signed digest' });
                }
              }
            }
          } catch (e) {
            fail('statement_mismatch', `the signed statement ${(e as Error).message}`);
          }
        }
        claim(st.leafIndex, { expectedInput: leafInputFor(st.kind, st.envelope), intact, ids });
      }
    }

    // Leaves: stored hash, stored input and the claiming record must agree.
    const effective: Array<Buffer | null> = [];
    let leafCount = 0;
    let expectedIndex = 0;
    const settle = (i: number, stored: { input: Buffer; hash: Buffer; kind: string } | null) => {
      const cs = claims.get(i) ?? [];
      const trusted = cs.find((c) => c.intact);
      const fromClaim = trusted ? leafHash(trusted.expectedInput) : null;
      const fromInput = stored ? leafHash(stored.input) : null;
      if (!stored) {
        failures.push({ kind: 'leaf_missing', leafIndex: i, ...(cs[0]?.ids ?? {}), message: `leaf ${i} is missing from the log` });
      } else {
        if (!fromInput!.equals(stored.hash)) failures.push({ kind: 'leaf_hash_mismatch', leafIndex: i, message: `leaf ${i}: stored hash is not the hash of its input` });
        for (const c of cs) {
          if (!c.expectedInput.equals(stored.input)) {
            failures.push({ kind: 'leaf_record_mismatch', leafIndex: i, ...c.ids, message: `leaf ${i} does not record what its record says` });
          }
        }
        if (!cs.length && stored.kind !== 'audit') {
          failures.push({ kind: 'leaf_unreferenced', leafIndex: i, message: `leaf ${i} records nothing the store holds` });
        }
      }
      // The authoritative leaf hash: an intact record's, else the stored one.
      effective[i] = fromClaim ?? stored?.hash ?? null;
    };
    for (let from = 0; ; ) {
      const page = await this.log.leaves(from, PAGE);
      if (!page.length) break;
      for (const l of page) {
        while (expectedIndex < l.leafIndex) settle(expectedIndex++, null);
        settle(expectedIndex++, { input: l.leafInput, hash: l.leafHash, kind: l.kind });
        leafCount++;
      }
      from = page[page.length - 1].leafIndex + 1;
    }
    const claimedMax = Math.max(-1, ...claims.keys());
    while (expectedIndex <= claimedMax) settle(expectedIndex++, null);
    const size = effective.length;

    // Tree nodes, rebuilt bottom-up from the authoritative leaf hashes.
    const rebuilt = new Map<string, Buffer | null>();
    let level: Array<Buffer | null> = effective;
    for (let l = 1; level.length >= 2; l++) {
      const next: Array<Buffer | null> = [];
      for (let i = 0; i + 1 < level.length; i += 2) {
        const h = level[i] && level[i + 1] ? nodeHash(level[i]!, level[i + 1]!) : null;
        next.push(h);
        rebuilt.set(`${l}:${i / 2}`, h);
      }
      level = next;
    }
    let nodeCount = 0;
    for (let after: { level: number; index: number } | undefined; ; ) {
      const page = await this.log.nodes(1, PAGE, after);
      if (!page.length) break;
      after = page[page.length - 1];
      for (const n of page) {
        nodeCount++;
        const k = `${n.level}:${n.index}`;
        if (!rebuilt.has(k)) {
          failures.push({ kind: 'tree_node_unexpected', level: n.level, nodeIndex: n.index, message: `stored node ${k} lies outside the tree` });
          continue;
        }
        const want = rebuilt.get(k);
        rebuilt.delete(k);
        if (want && !want.equals(n.hash)) failures.push({ kind: 'tree_node_mismatch', level: n.level, nodeIndex: n.index, message: `stored node ${k} differs from the rebuilt tree` });
      }
    }
    for (const k of rebuilt.keys()) {
      const [l, i] = k.split(':').map(Number);
      failures.push({ kind: 'tree_node_missing', level: l, nodeIndex: i, message: `node ${k} is not stored` });
    }

    // Checkpoints: signature, body, and the root of the rebuilt tree at their size.
    const checkpoints = await this.log.checkpoints(-1);
    const roots = rootsAt(effective, [...new Set(checkpoints.map((c) => c.size))]);
    let vouched = 0;
    for (const cp of checkpoints) {
      const fail = (kind: FailureKind, message: string) => failures.push({ kind, checkpointId: cp.id, message: `checkpoint of size ${cp.size}: ${message}` });
      try {
        const key = noteKeys.find((k) => k.keyId === cp.keyId);
        if (!key) throw new Error(`signed by unknown key ${cp.keyId}`);
        const { text } = verifyNote(cp.note, [key]);
        const body = parseCheckpoint(text);
        if (body.origin !== origin || body.size !== cp.size || !body.rootHash.equals(cp.rootHash)) throw new Error('signed body differs from the stored size or root');
      } catch (e) {
        fail('checkpoint_invalid', (e as Error).message);
        continue;
      }
      const root = roots.get(cp.size);
      if (cp.size > size || !root || !root.equals(cp.rootHash)) {
        fail('checkpoint_root_mismatch', 'the rebuilt tree has a different root at this size');
        continue;
      }
      vouched = Math.max(vouched, cp.size);
    }

    return {
      ok: failures.length === 0,
      tenant,
      checked: { leaves: leafCount, statements: statementCount, versions: versionCount, nodes: nodeCount, checkpoints: checkpoints.length, keys: keyRows.length },
      failures,
      treeSize: vouched,
    };
  }
}

/** Roots of the prefixes of the given sizes, in one pass (null where a leaf is unknown). */
function rootsAt(leaves: Array<Buffer | null>, sizes: number[]): Map<number, Buffer | null> {
  const wanted = new Set(sizes);
  const out = new Map<number, Buffer | null>();
  const stack: Array<{ size: number; hash: Buffer | null }> = [];
  const fold = () => {
    if (!stack.length) return sha256(Buffer.alloc(0));
    let h = stack[stack.length - 1].hash;
    for (let i = stack.length - 2; i >= 0; i--) h = h && stack[i].hash ? nodeHash(stack[i].hash!, h) : null;
    return h;
  };
  if (wanted.has(0)) out.set(0, fold());
  leaves.forEach((leaf, i) => {
    let cur = { size: 1, hash: leaf };
    while (stack.length && stack[stack.length - 1].size === cur.size) {
      const left = stack.pop()!;
      cur = { size: left.size * 2, hash: left.hash && cur.hash ? nodeHash(left.hash, cur.hash) : null };
    }
    stack.push(cur);
    if (wanted.has(i + 1)) out.set(i + 1, fold());
  });
  return out;
}

