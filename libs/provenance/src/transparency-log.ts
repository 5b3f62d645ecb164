import { newId, ValidationError } from '@ctxvault/common';
import { AppendLock, CheckpointRow, LeafKind, LeafRow, LogRepository, NodeRow } from '@ctxvault/persistence';
import { leafOf } from './leaf';
import { consistencyPlan, EMPTY_ROOT, evaluatePlan, HashPlan, inclusionPlan, nodeHash, NodeRef, rangePlan, refsOf } from './merkle';
import { formatCheckpoint, signNote } from './signed-note';
import type { ActiveKey } from './keyring';

/** Perfect subtrees whose concatenation is leaves [0, size), left to right. */
export function frontierRefs(size: number): NodeRef[] {
  const refs: NodeRef[] = [];
  let start = 0;
  for (let level = 52; level >= 0; level--) {
    const width = 2 ** level;
    if (size - start >= width) {
      refs.push({ level, index: start / width });
      start += width;
    }
  }
  return refs;
}

/**
 * A tenant's RFC 6962 log in PostgreSQL. Appends take the tenant's append lock, so leaf indices are
 * contiguous; every completed perfect subtree is stored, so proofs and roots need O(log n) reads.
 * All methods run inside the caller's tenant transaction.
 */
export class TransparencyLog {
  constructor(private readonly repo: LogRepository) {}

  /**
   * Appends one leaf per recorded object under the tenant's append lock; returns their indices. With `atCommit` the rows are
   * written with the transaction's COMMIT (one round trip fewer): nothing may append after it. `locked`:
   * the lock this transaction already took with an earlier read (no append since), so none is sent here.
   */
  async append(items: Array<{ kind: LeafKind; recordedBytes: Uint8Array }>, atCommit = false, locked?: AppendLock): Promise<number[]> {
    if (!items.length) return [];
    const { size, frontier: known } = locked ?? (await this.repo.lockForAppend());
    const stack = frontierRefs(size).map((r) => ({ ...r, hash: known.get(`${r.level}:${r.index}`)! }));
    if (stack.some((s) => !s.hash)) throw new Error('log frontier is incomplete: the stored tree is damaged (run verify)');
    const leaves: LeafRow[] = [];
    const nodes: NodeRow[] = [];
    items.forEach((item, i) => {
      const { input, hash } = leafOf(item.kind, item.recordedBytes);
      const leafIndex = size + i;
      leaves.push({ leafIndex, kind: item.kind, leafInput: input, leafHash: hash });
      let cur = { level: 0, index: leafIndex, hash };
      while (stack.length && stack[stack.length - 1].level === cur.level) {
        const left = stack.pop()!;
        cur = { level: cur.level + 1, index: left.index / 2, hash: nodeHash(left.hash, cur.hash) };
        nodes.push({ level: cur.level, index: cur.index, hash: cur.hash });
      }
      stack.push(cur);
    });
    await this.repo.insertTree(leaves, nodes, atCommit);
    return leaves.map((l) => l.leafIndex);
  }

  size(): Promise<number> {
    return this.repo.size();
  }

  async root(size: number): Promise<Buffer> {
    if (size === 0) return EMPTY_ROOT;
    const [root] = await this.evaluate([rangePlan(0, size)]);
    return root;
  }

  /** Signs the current head as a C2SP checkpoint and keeps it. */
  async checkpoint(key: ActiveKey): Promise<CheckpointRow> {
    const size = await this.repo.size();
    const rootHash = await this.root(size);
    const note = signNote(formatCheckpoint(key.noteName, size, rootHash), key.noteName, key.privateKey, key.publicKey);
    return this.repo.insertCheckpoint({ id: newId(), size, rootHash, note, keyId: key.keyId });
  }

  latestCheckpoint(): Promise<CheckpointRow | null> {
    return this.repo.latestCheckpoint();
  }

  async inclusionProof(index: number, size: number): Promise<Buffer[]> {
    if (!Number.isSafeInteger(size) || size < 1) throw new ValidationError('size must be a whole number of at least 1');
    if (!Number.isSafeInteger(index) || index < 0 || index >= size) {
      throw new ValidationError(`index must be a whole number from 0 to ${size - 1} for a tree of size ${size}`);
    }
    return this.proof(inclusionPlan(index, size), size);
  }

  /** Inclusion proofs of many leaves in one tree size, read in one statement. */
  async inclusionProofs(indices: number[], size: number): Promise<Buffer[][]> {
    const plans = this.inclusionPlans(indices, size);
    const { size: current, hashes } = await this.repo.proofHashes(refsOf(plans.flat()));
    if (size > current) throw new ValidationError(`size must be a whole number from 1 to the log size ${current}`);
    return this.evaluateAll(plans, hashes);
  }

  async consistencyProof(from: number, to: number): Promise<Buffer[]> {
    if (!Number.isSafeInteger(to) || to < 1) throw new ValidationError('to must be a whole number of at least 1');
    if (!Number.isSafeInteger(from) || from < 1 || from > to) {
      throw new ValidationError(`from must be a whole number from 1 to ${to} (the size you hold must be at least 1)`);
    }
    return this.proof(from === to ? [] : consistencyPlan(from, to), to);
  }

  /** Reads what the plans need and the log size in one statement; refuses sizes beyond the log. */
  private async proof(plans: HashPlan[], size: number): Promise<Buffer[]> {
    const { size: current, hashes } = await this.repo.proofHashes(refsOf(plans));
    if (size > current) throw new ValidationError(`size must be a whole number from 1 to the log size ${current}`);
    return plans.map((p) => evaluatePlan(p, (r) => this.lookup(hashes, r)));
  }

  /**
   * Inclusion proofs of many leaves in one tree size, from stored hashes already read (keyed
   * "level:index", as ctxvault_inclusion_refs names them); a missing one means a damaged tree.
   */
  inclusionProofsFrom(indices: number[], size: number, hashes: Map<string, Buffer | null>): Buffer[][] {
    return this.evaluateAll(this.inclusionPlans(indices, size), hashes);
  }

  private inclusionPlans(indices: number[], size: number): HashPlan[][] {
    for (const index of indices) if (!Number.isSafeInteger(index) || index < 0 || index >= size) throw new ValidationError(`index ${index} is outside a tree of size ${size}`);
    return indices.map((i) => inclusionPlan(i, size));
  }

  private evaluateAll(plans: HashPlan[][], hashes: Map<string, Buffer | null>): Buffer[][] {
    return plans.map((ps) => ps.map((p) => evaluatePlan(p, (r) => this.lookup(hashes, r))));
  }

  private lookup(hashes: Map<string, Buffer | null>, r: NodeRef): Buffer {
    const h = hashes.get(`${r.level}:${r.index}`);
    if (!h) throw new Error(`log node ${r.level}:${r.index} is missing: the stored tree is damaged (run verify)`);
    return h;
  }

  private async evaluate(plans: HashPlan[]): Promise<Buffer[]> {
    const hashes = await this.repo.hashes(refsOf(plans));
    return plans.map((p) => evaluatePlan(p, (r) => this.lookup(hashes, r)));
  }
}
