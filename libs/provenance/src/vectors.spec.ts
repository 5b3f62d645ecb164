import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describeWithSharedData } from '@ctxvault/testing';
import { canonicalize } from './canonical-json';
import { ed25519Verify, publicKeyProblem } from './ed25519';
import { leafHash, rootOf, verifyConsistency, verifyInclusion } from './merkle';
import { parseCheckpoint, parseVerifierKey, verifyNote } from './signed-note';

function jsonFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? jsonFiles(p) : name.endsWith('.json') ? [p] : [];
  });
}
const b64 = (s: string) => Buffer.from(s, 'base64');

describeWithSharedData('RFC 6962 inclusion proofs (transparency-dev vectors)', 'vectors/merkle/inclusion', (dir) => {
  const files = jsonFiles(dir);
  it('has the vectors', () => expect(files.length).toBeGreaterThanOrEqual(98));
  it.each(files.map((f) => [f.slice(dir.length + 1), f]))('%s', (_name, file) => {
    const v = JSON.parse(readFileSync(file, 'utf8'));
    const run = () => verifyInclusion(v.leafIdx, v.treeSize, b64(v.leafHash ?? ''), (v.proof ?? []).map(b64), b64(v.root ?? ''));
    if (v.wantErr) expect(run).toThrow();
    else expect(run).not.toThrow();
  });
});

describeWithSharedData('RFC 6962 consistency proofs (transparency-dev vectors)', 'vectors/merkle/consistency', (dir) => {
  const files = jsonFiles(dir);
  it('has the vectors', () => expect(files.length).toBeGreaterThanOrEqual(98));
  it.each(files.map((f) => [f.slice(dir.length + 1), f]))('%s', (_name, file) => {
    const v = JSON.parse(readFileSync(file, 'utf8'));
    const run = () => verifyConsistency(v.size1, v.size2, (v.proof ?? []).map(b64), b64(v.root1 ?? ''), b64(v.root2 ?? ''));
    if (v.wantErr) expect(run).toThrow();
    else expect(run).not.toThrow();
  });
});

describeWithSharedData('a real 15-entry log (Tessera test data)', 'vectors/tessera-log', (dir) => {
  const vkey = parseVerifierKey('example.com/log/testdata+33d7b496+AeHTu4Q3hEIMHNqc6fASMsq3rKNx280NI+oO5xCFkkSx');
  const bundle = readFileSync(join(dir, 'tile', 'entries', '000.p', '15'));
  const entries: Buffer[] = [];
  for (let off = 0; off < bundle.length; ) {
    const len = bundle.readUInt16BE(off);
    entries.push(bundle.subarray(off + 2, off + 2 + len));
    off += 2 + len;
  }

  it('decodes 15 entries', () => expect(entries).toHaveLength(15));

  it('recomputes the root of every checkpoint and verifies every signature with the vkey', () => {
    const hashes = entries.map((e) => leafHash(e));
    for (let size = 0; size <= 15; size++) {
      const note = readFileSync(join(dir, `checkpoint.${size}`), 'utf8');
      const { text, signedBy } = verifyNote(note, [vkey]);
      expect(signedBy[0].name).toBe('example.com/log/testdata');
      const cp = parseCheckpoint(text);
      expect(cp.origin).toBe('example.com/log/testdata');
      expect(cp.size).toBe(size);
      expect(rootOf(hashes.slice(0, size)).equals(cp.rootHash)).toBe(true);
    }
  });

  it('rejects a checkpoint whose text was changed', () => {
    const note = readFileSync(join(dir, 'checkpoint.3'), 'utf8').replace('\n3\n', '\n4\n');
    expect(() => verifyNote(note, [vkey])).toThrow(/does not verify/);
  });

  it('derives the key id from name and key', () => {
    expect(vkey.keyHash.toString('hex')).toBe('33d7b496');
  });
});

describeWithSharedData('Wycheproof Ed25519 verification', 'vectors/wycheproof', (dir) => {
  const suite = JSON.parse(readFileSync(join(dir, 'ed25519_test.json'), 'utf8'));
  const cases: Array<[number, string, string, string, string, string]> = [];
  for (const g of suite.testGroups) {
    for (const t of g.tests) cases.push([t.tcId, t.comment, g.publicKey.pk, t.msg, t.sig, t.result]);
  }
  it('has all 151 cases', () => expect(cases).toHaveLength(151));
  it.each(cases)('tc %i %s', (_id, _comment, pk, msg, sig, result) => {
    const ok = ed25519Verify(Buffer.from(pk, 'hex'), Buffer.from(msg, 'hex'), Buffer.from(sig, 'hex'));
    expect(ok).toBe(result === 'valid');
  });
});

describeWithSharedData('CCTV Ed25519 edge cases: weak public keys are refused', 'vectors/cctv-ed25519', (dir) => {
  const vectors: Array<{ number: number; key: string; flags: string[] | null }> = JSON.parse(
    readFileSync(join(dir, 'ed25519vectors.json'), 'utf8'),
  );
  it('refuses every low-order or non-canonical A, and accepts every other A', () => {
    let refused = 0;
    for (const v of vectors) {
      const flags = v.flags ?? [];
      const weak = flags.includes('low_order_A') || flags.includes('non_canonical_A');
      const problem = publicKeyProblem(Buffer.from(v.key, 'hex'));
      expect({ n: v.number, refused: problem !== null }).toEqual({ n: v.number, refused: weak });
      if (weak) refused++;
    }
    expect(refused).toBeGreaterThan(0);
  });
});

describeWithSharedData('RFC 8785 canonical JSON (cyberphone vectors)', 'vectors/jcs', (dir) => {
  const names = readdirSync(join(dir, 'input')).filter((n) => n.endsWith('.json'));
  it('has the vectors', () => expect(names.length).toBeGreaterThanOrEqual(6));
  it.each(names)('%s', (name) => {
    const input = JSON.parse(readFileSync(join(dir, 'input', name), 'utf8'));
    const expected = readFileSync(join(dir, 'output', name));
    const hex = readFileSync(join(dir, 'outhex', name.replace('.json', '.txt')), 'utf8').replace(/\s+/g, '');
    const out = Buffer.from(canonicalize(input), 'utf8');
    expect(out.toString('utf8')).toBe(expected.toString('utf8').replace(/\n$/, ''));
    expect(out.toString('hex')).toBe(hex.toLowerCase());
  });
});
