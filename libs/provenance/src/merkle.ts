import { sha256 } from './encoding';

/** RFC 6962 / RFC 9162 Merkle tree hashing, proofs and their verification. */
const LEAF = Buffer.from([0x00]);
const NODE = Buffer.from([0x01]);

export const EMPTY_ROOT = sha256(Buffer.alloc(0));

export function leafHash(input: Uint8Array): Buffer {
  return sha256(LEAF, input);
}

export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  return sha256(NODE, left, right);
}

/** Largest power of two strictly less than n (n ≥ 2). */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** MTH over leaf hashes, computed bottom-up in O(n). */
export function rootOf(leafHashes: Buffer[]): Buffer {
  if (leafHashes.length === 0) return EMPTY_ROOT;
  // A stack of perfect subtree roots with their sizes, merged as in an append-only log.
  const stack: Array<{ size: number; hash: Buffer }> = [];
  for (const h of leafHashes) {
    let cur = { size: 1, hash: h };
    while (stack.length && stack[stack.length - 1].size === cur.size) {
      const left = stack.pop()!;
      cur = { size: left.size * 2, hash: nodeHash(left.hash, cur.hash) };
    }
    stack.push(cur);
  }
  let hash = stack[stack.length - 1].hash;
  for (let i = stack.length - 2; i >= 0; i--) hash = nodeHash(stack[i].hash, hash);
  return hash;
}

/** A perfect, aligned subtree: leaves [index·2^level, (index+1)·2^level). */
export interface NodeRef {
  level: number;
  index: number;
}

/** How to compute MTH of a leaf range from perfect subtrees. */
export type HashPlan = { ref: NodeRef } | { left: HashPlan; right: HashPlan };

function isPow2(n: number): boolean {
  return n > 0 && (n & (n - 1)) === 0;
}

/** MTH(D[start:end]) for a range whose perfect pieces are aligned (every range a proof asks for is). */
export function rangePlan(start: number, end: number): HashPlan {
  const n = end - start;
  if (isPow2(n)) {
    const level = Math.log2(n);
    return { ref: { level, index: start / n } };
  }
  const k = splitPoint(n);
  return { left: rangePlan(start, start + k), right: rangePlan(start + k, end) };
}

/** RFC 6962 PATH(m, D[n]): the audit path of leaf m in a tree of n leaves, leaf to root. */
export function inclusionPlan(m: number, n: number): HashPlan[] {
  if (m < 0 || m >= n) throw new RangeError(`leaf index ${m} is outside a tree of size ${n}`);
  const out: HashPlan[] = [];
  const walk = (m: number, start: number, end: number) => {
    const size = end - start;
    if (size === 1) return;
    const k = splitPoint(size);
    if (m < k) {
      walk(m, start, start + k);
      out.push(rangePlan(start + k, end));
    } else {
      walk(m - k, start + k, end);
      out.push(rangePlan(start, start + k));
    }
  };
  walk(m, 0, n);
  return out;
}

/** RFC 6962 PROOF(m, D[n]): consistency between the first m leaves and all n. */
export function consistencyPlan(m: number, n: number): HashPlan[] {
  if (m <= 0 || m > n) throw new RangeError(`cannot prove consistency from size ${m} to size ${n}`);
  const out: HashPlan[] = [];
  const sub = (m: number, start: number, end: number, complete: boolean) => {
    const size = end - start;
    if (m === size) {
      if (!complete) out.push(rangePlan(start, end));
      return;
    }
    const k = splitPoint(size);
    if (m <= k) {
      sub(m, start, start + k, complete);
      out.push(rangePlan(start + k, end));
    } else {
      sub(m - k, start + k, end, false);
      out.push(rangePlan(start, start + k));
    }
  };
  sub(m, 0, n, true);
  return out;
}

/** Every perfect subtree a set of plans needs. */
export function refsOf(plans: HashPlan[]): NodeRef[] {
  const seen = new Map<string, NodeRef>();
  const visit = (p: HashPlan) => {
    if ('ref' in p) seen.set(`${p.ref.level}:${p.ref.index}`, p.ref);
    else {
      visit(p.left);
      visit(p.right);
    }
  };
  plans.forEach(visit);
  return [...seen.values()];
}

export function evaluatePlan(plan: HashPlan, lookup: (ref: NodeRef) => Buffer): Buffer {
  if ('ref' in plan) return lookup(plan.ref);
  return nodeHash(evaluatePlan(plan.left, lookup), evaluatePlan(plan.right, lookup));
}

/** Verifies an inclusion proof (RFC 9162 §2.1.3.2). Throws with the reason when it does not hold. */
export function verifyInclusion(leafIndex: number, treeSize: number, leaf: Uint8Array, proof: Uint8Array[], root: Uint8Array): void {
  if (root.length !== 32) throw new Error('root must be a 32-byte hash');
  const computed = rootFromInclusion(leafIndex, treeSize, leaf, proof);
  if (!Buffer.from(computed).equals(Buffer.from(root))) throw new Error('inclusion proof does not lead to the root');
}

export function rootFromInclusion(leafIndex: number, treeSize: number, leaf: Uint8Array, proof: Uint8Array[]): Buffer {
  if (!Number.isSafeInteger(leafIndex) || !Number.isSafeInteger(treeSize) || leafIndex < 0 || leafIndex >= treeSize) {
    throw new Error(`leaf index ${leafIndex} is outside a tree of size ${treeSize}`);
  }
  if (leaf.length !== 32) throw new Error('leaf hash must be 32 bytes');
  if (proof.some((p) => p.length !== 32)) throw new Error('every proof hash must be 32 bytes');
  let fn = leafIndex;
  let sn = treeSize - 1;
  let r: Buffer = Buffer.from(leaf);
  for (const p of proof) {
    if (sn === 0) throw new Error('inclusion proof is longer than the tree is deep');
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  if (sn !== 0) throw new Error('inclusion proof is shorter than the tree is deep');
  return r;
}

/** Verifies a consistency proof (RFC 9162 §2.1.4.2). Throws with the reason when it does not hold. */
export function verifyConsistency(size1: number, size2: number, proof: Uint8Array[], root1: Uint8Array, root2: Uint8Array): void {
  if (!Number.isSafeInteger(size1) || !Number.isSafeInteger(size2) || size1 < 0 || size2 < size1) {
    throw new Error(`a log cannot shrink from size ${size1} to size ${size2}`);
  }
  if (size1 === 0) throw new Error('consistency from an empty tree proves nothing');
  if (size1 === size2) {
    if (proof.length) throw new Error('sizes are equal but the consistency proof is not empty');
    if (!Buffer.from(root1).equals(Buffer.from(root2))) throw new Error('sizes are equal but the roots differ');
    return;
  }
  if (proof.length === 0) throw new Error('consistency proof is empty');
  if (proof.some((p) => p.length !== 32)) throw new Error('every proof hash must be 32 bytes');
  const path = isPow2(size1) ? [Buffer.from(root1), ...proof.map((p) => Buffer.from(p))] : proof.map((p) => Buffer.from(p));
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr: Buffer = path[0];
  let sr: Buffer = path[0];
  for (const c of path.slice(1)) {
    if (sn === 0) throw new Error('consistency proof is longer than expected');
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  if (sn !== 0) throw new Error('consistency proof is shorter than expected');
  if (!fr.equals(Buffer.from(root1))) throw new Error(`consistency proof does not match the old root (size ${size1})`);
  if (!sr.equals(Buffer.from(root2))) throw new Error(`consistency proof does not match the new root (size ${size2})`);
}
