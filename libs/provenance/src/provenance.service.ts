import { isUuid, newId, NotFoundError, ValidationError } from '@ctxvault/common';
import { AppendLock, CheckpointRow, Database, DocumentRepository, StatementRepository, StatementRow } from '@ctxvault/persistence';
import { canonicalize } from './canonical-json';
import { envelopeBytes, signEnvelope, verifyEnvelope } from './dsse';
import { fromBase64Strict, fromHexStrict, sha256 } from './encoding';
import { ActiveKey, KeyHistory, KeyRing } from './keyring';
import { leafInputFor } from './leaf';
import { leafHash, rootOf, verifyInclusion } from './merkle';
import { RECEIPT_PAYLOAD_TYPE, ReceiptBody, receiptPayload } from './receipt';
import { parseCheckpoint, parseVerifierKey, verifyNote } from './signed-note';
import { DEFAULT_DOCUMENT_KIND, NormalizedDocumentVersion, PAYLOAD_TYPE, SOURCE_KINDS, tombstoneStatement, versionStatement } from './statement';
import { TransparencyLog } from './transparency-log';

export interface RecordedVersion {
  status: 'new' | 'changed' | 'unchanged';
  documentId: string;
  versionId: string;
  version: number;
  statementId: string;
  leafIndex: number;
  contentSha256: string;
}

export interface ProvenanceView {
  documentId: string;
  statementId: string;
  kind: 'statement' | 'tombstone';
  keyId: string;
  envelope: string;
  leafIndex: number;
  checkpoint: { size: number; rootHash: string; note: string; keyId: string };
  inclusionProof: { leafIndex: number; treeSize: number; hashes: string[] };
}

/** A served view's check: verified or the problems found, and the leaf hash of its envelope when the envelope could be read. */
export interface ServedCheck {
  verified: boolean;
  problems: string[];
  leafHash?: Buffer;
}

/** Bundle exported for offline verification; serialized as canonical JSON. */
export interface ProvenanceBundle {
  format: 'ctxvault-bundle/v1';
  tenant: string;
  origin: string;
  documentId: string;
  envelope: string;
  leafIndex: number;
  inclusionProof: { treeSize: number; hashes: string[] };
  checkpoint: string;
  content?: string;
}

/** Versions signed and stored, waiting for their log append (see ProvenanceService.stageVersions). */
export interface StagedVersions {
  key: ActiveKey;
  results: RecordedVersion[];
  pending: Array<{ result: RecordedVersion; envelope: Buffer; envelopeSha: Buffer; doc: NormalizedDocumentVersion; parentVersionId: string | null }>;
}

export const LIMITS = {
  contentBytes: 16 * 1024 * 1024,
  externalIdLength: 1024,
  chunkCount: 100_000,
};

function validate(doc: NormalizedDocumentVersion): void {
  const problems: string[] = [];
  if (!(SOURCE_KINDS as readonly string[]).includes(doc.sourceKind)) problems.push(`sourceKind must be one of ${SOURCE_KINDS.join(', ')}`);
  if (!doc.sourceRef) problems.push('sourceRef is required');
  if (!doc.externalId || doc.externalId.length > LIMITS.externalIdLength) problems.push(`externalId must be 1-${LIMITS.externalIdLength} characters`);
  if (typeof doc.content !== 'string') problems.push('content must be a string');
  else if (Buffer.byteLength(doc.content, 'utf8') > LIMITS.contentBytes) problems.push(`content must be at most ${LIMITS.contentBytes} bytes`);
  if (doc.chunkHashes && (doc.chunkHashes.length > LIMITS.chunkCount || doc.chunkHashes.some((h) => !/^[0-9a-f]{64}$/.test(h)))) {
    problems.push('chunkHashes must be SHA-256 hex digests');
  }
  if (Number.isNaN(Date.parse(doc.fetchedAt))) problems.push('fetchedAt must be an ISO 8601 time');
  if (problems.length) throw new ValidationError(`invalid document version: ${problems.join('; ')}`, problems);
}

/**
 * Turns document versions into signed, logged statements: one DSSE envelope (Ed25519, in-toto
 * Statement v1) per new version, appended to the tenant's log in the same transaction that stores
 * the content, then a signed checkpoint. Unchanged content makes no new version.
 */
export class ProvenanceService {
  constructor(
    private readonly db: Database,
    private readonly documents: DocumentRepository,
    private readonly statements: StatementRepository,
    readonly keyring: KeyRing,
    readonly log: TransparencyLog,
  ) {}

  /** Records a batch of versions in the current tenant transaction; one checkpoint for the batch. */
  async recordVersions(docs: NormalizedDocumentVersion[]): Promise<RecordedVersion[]> {
    const staged = await this.stageVersions(docs);
    await this.appendStaged(staged);
    return staged.results;
  }

  /**
   * Signs a statement for every new or changed version and stores the documents and versions (no
   * log lock yet, so callers can store more, e.g. chunks, before appending). Unchanged content
   * makes no new version. Must be followed by appendStaged in the same transaction.
   */
  async stageVersions(docs: NormalizedDocumentVersion[]): Promise<StagedVersions> {
    docs.forEach(validate);
    const key = await this.keyring.active();
    if (!docs.length) return { key, results: [], pending: [] };
    const tenantId = this.db.tenantId();
    const keyOf = (sourceRef: string, externalId: string) => `${sourceRef}\u0000${externalId}`;
    const states = new Map<string, { id: string; tombstoned: boolean; version: number; versionId: string | null; contentSha: string | null; statementId: string | null; leafIndex: number | null; envelopeSha: string | null }>();
    for (const c of await this.documents.currentStates(docs.map((d) => ({ sourceRef: d.sourceRef, externalId: d.externalId })))) {
      states.set(keyOf(c.sourceRef, c.externalId), {
        id: c.id,
        tombstoned: c.tombstoned,
        version: c.version,
        versionId: c.versionId,
        contentSha: c.contentSha256?.toString('hex') ?? null,
        statementId: c.statementId,
        leafIndex: c.leafIndex,
        envelopeSha: c.envelopeSha256?.toString('hex') ?? null,
      });
    }
    const results: RecordedVersion[] = [];
    const pending: StagedVersions['pending'] = [];
    const newDocs: Array<{ id: string; sourceKind: string; sourceRef: string; externalId: string; url: string | null; title: string | null }> = [];

    for (const doc of docs) {
      const contentSha = sha256(doc.content).toString('hex');
      const k = keyOf(doc.sourceRef, doc.externalId);
      let state = states.get(k);
      if (state && !state.tombstoned && state.contentSha === contentSha && state.statementId) {
        results.push({ status: 'unchanged', documentId: state.id, versionId: state.versionId!, version: state.version, statementId: state.statementId, leafIndex: state.leafIndex ?? -1, contentSha256: contentSha });
        continue;
      }
      if (!state) {
        state = { id: newId(), tombstoned: false, version: 0, versionId: null, contentSha: null, statementId: null, leafIndex: null, envelopeSha: null };
        states.set(k, state);
        newDocs.push({ id: state.id, sourceKind: doc.sourceKind, sourceRef: doc.sourceRef, externalId: doc.externalId, url: doc.url ?? null, title: doc.title ?? null });
      }
      const versionId = newId();
      const version = state.version + 1;
      const chunkMerkleRoot = doc.chunkHashes?.length ? rootOf(doc.chunkHashes.map((h) => leafHash(fromHexStrict(h, 'chunk hash')))).toString('hex') : null;
      const payload = versionStatement(doc, { tenantId, documentId: state.id, versionId, version, contentSha256: contentSha, chunkMerkleRoot, parentEnvelopeSha256: state.envelopeSha });
      const envelope = envelopeBytes(signEnvelope(PAYLOAD_TYPE, payload, key.keyId, key.privateKey));
      const envelopeSha = sha256(envelope);
      const result: RecordedVersion = { status: state.version === 0 ? 'new' : 'changed', documentId: state.id, versionId, version, statementId: newId(), leafIndex: -1, contentSha256: contentSha };
      pending.push({ result, envelope, envelopeSha, doc, parentVersionId: state.versionId });
      results.push(result);
      Object.assign(state, { version, versionId, contentSha, statementId: result.statementId, envelopeSha: envelopeSha.toString('hex'), tombstoned: false });
    }
    if (!pending.length) return { key, results, pending };

    await this.documents.insertDocuments(newDocs);
    await this.documents.insertVersions(
      pending.map((p) => ({
        id: p.result.versionId,
        documentId: p.result.documentId,
        version: p.result.version,
        content: p.doc.content,
        contentSha256: Buffer.from(p.result.contentSha256, 'hex'),
        parentVersionId: p.parentVersionId,
        statementId: p.result.statementId,
      })),
    );
    await this.documents.setCurrentMany(
      pending.map((p) => ({
        documentId: p.result.documentId,
        versionId: p.result.versionId,
        version: p.result.version,
        url: p.doc.url ?? null,
        title: p.doc.title ?? null,
        kind: p.doc.kind ?? DEFAULT_DOCUMENT_KIND[p.doc.sourceKind],
        authorId: p.doc.author.id,
        authorName: p.doc.author.name ?? null,
        authorKind: p.doc.author.kind,
        sourceCreatedAt: p.doc.sourceCreatedAt ?? null,
        sourceUpdatedAt: p.doc.sourceUpdatedAt ?? null,
      })),
    );
    return { key, results, pending };
  }

  /** Appends the staged statements to the log (taking the tenant's append lock), stores them, signs a checkpoint. */
  async appendStaged(staged: StagedVersions): Promise<void> {
    const { key, results, pending } = staged;
    if (!pending.length) return;
    const indices = await this.log.append(pending.map((p) => ({ kind: 'statement' as const, recordedBytes: p.envelope })));
    pending.forEach((p, i) => (p.result.leafIndex = indices[i]));
    // Unchanged repeats of a version recorded earlier in this batch point at its leaf.
    for (const r of results) if (r.leafIndex === -1) r.leafIndex = pending.find((p) => p.result.statementId === r.statementId)?.result.leafIndex ?? -1;
    await this.statements.insertMany(
      pending.map((p) => ({ id: p.result.statementId, kind: 'statement' as const, documentId: p.result.documentId, versionId: p.result.versionId, envelope: p.envelope, envelopeSha256: p.envelopeSha, keyId: key.keyId, leafIndex: p.result.leafIndex })),
    );
    await this.log.checkpoint(key);
  }

  /** A document gone at its source: a signed tombstone statement and leaf; history is kept. */
  async tombstone(documentId: string, reason: string): Promise<{ statementId: string; leafIndex: number } | null> {
    const doc = await this.documents.findById(documentId);
    if (!doc) throw new NotFoundError('no document with this id in this tenant');
    if (doc.tombstonedAt) return null;
    const key = await this.keyring.active();
    const last = doc.currentVersionId ? await this.documents.version(doc.currentVersionId) : null;
    const lastStatement = last ? await this.statements.findById(last.statementId) : null;
    const payload = tombstoneStatement(this.db.tenantId(), documentId, doc.currentVersion, lastStatement?.envelopeSha256.toString('hex') ?? null, reason, new Date().toISOString());
    const envelope = envelopeBytes(signEnvelope(PAYLOAD_TYPE, payload, key.keyId, key.privateKey));
    const [leafIndex] = await this.log.append([{ kind: 'tombstone', recordedBytes: envelope }]);
    const statementId = newId();
    await this.statements.insertMany([
      { id: statementId, kind: 'tombstone', documentId, versionId: null, envelope, envelopeSha256: sha256(envelope), keyId: key.keyId, leafIndex },
    ]);
    await this.documents.markTombstoned(documentId);
    await this.log.checkpoint(key);
    return { statementId, leafIndex };
  }

  /** The current version's envelope with an inclusion proof to the latest checkpoint. */
  async provenanceOf(documentId: string): Promise<ProvenanceView> {
    if (!isUuid(documentId)) throw new ValidationError('document id must be a UUID');
    const doc = await this.documents.findById(documentId);
    if (!doc) throw new NotFoundError('no document with this id in this tenant');
    return (await this.provenanceOfDocuments([documentId]))[0];
  }

  /**
   * Provenance of documents of this tenant already looked up by the caller (search results): every
   * inclusion proof leads to the same checkpoint, fetched (or signed) once.
   */
  async provenanceOfDocuments(documentIds: string[]): Promise<ProvenanceView[]> {
    if (!documentIds.length) return [];
    return this.viewsOf(documentIds, await this.statements.latestOfDocumentsWithCheckpoint(documentIds));
  }

  /**
   * What a search serves and signs with: the provenance of its documents (as provenanceOfDocuments)
   * and the tenant's key history and active key (as keyring.snapshot), the statements, checkpoint
   * and keys read in one statement.
   */
  async forServing(documentIds: string[], lockLog = false): Promise<{ views: ProvenanceView[]; keys: { history: KeyHistory; active: ActiveKey }; appendLock?: AppendLock }> {
    if (!documentIds.length) return { views: [], keys: await this.keyring.snapshot() };
    const read = await this.statements.latestOfDocumentsWithCheckpoint(documentIds, true, lockLog);
    const views = await this.viewsOf(documentIds, read);
    const keys = read.keys ? await this.keyring.snapshotOf(read.keys) : await this.keyring.snapshot();
    return read.appendLock ? { views, keys, appendLock: read.appendLock } : { views, keys };
  }

  private async viewsOf(documentIds: string[], read: { statements: StatementRow[]; checkpoint: CheckpointRow | null; proofHashes: Map<string, Buffer | null> }): Promise<ProvenanceView[]> {
    const byDoc = new Map(read.statements.map((st) => [st.documentId, st]));
    const latest = documentIds.map((id) => {
      const st = byDoc.get(id);
      if (!st) throw new NotFoundError('this document has no statement yet');
      return st;
    });
    const highest = Math.max(...latest.map((st) => st.leafIndex));
    const covered = read.checkpoint !== null && read.checkpoint.size > highest;
    const cp = covered ? read.checkpoint! : await this.latestCheckpointCovering(highest);
    // The read brought the proofs' hashes for its checkpoint; a checkpoint signed just now needs its own read.
    const indices = latest.map((st) => st.leafIndex);
    const proofs = covered ? this.log.inclusionProofsFrom(indices, cp.size, read.proofHashes) : await this.log.inclusionProofs(indices, cp.size);
    return latest.map((st, i) => ({
      documentId: documentIds[i],
      statementId: st.id,
      kind: st.kind,
      keyId: st.keyId,
      envelope: st.envelope.toString('base64'),
      leafIndex: st.leafIndex,
      checkpoint: { size: cp.size, rootHash: cp.rootHash.toString('base64'), note: cp.note, keyId: cp.keyId },
      inclusionProof: { leafIndex: st.leafIndex, treeSize: cp.size, hashes: proofs[i].map((h) => h.toString('base64')) },
    }));
  }

  /**
   * Checks, at serve time, each view against the tenant's key history: the envelope's signature, that
   * it speaks of this document (and of the expected version when given), the checkpoint's signature,
   * and the inclusion proof of the statement's leaf in the checkpoint's tree. Never throws: each
   * view gets verified true/false and the problems found.
   */
  async verifyServed(views: ProvenanceView[], expectedVersionIds: Array<string | null> = [], keys?: KeyHistory): Promise<ServedCheck[]> {
    const history = keys ?? (await this.keyring.history());
    const publicKeys = new Map(history.keys.map((k) => [k.keyId, Buffer.from(k.publicKey, 'base64')]));
    const vkeys = history.keys.map((k) => parseVerifierKey(k.vkey));
    const checkpoints = new Map<string, { size: number; root: Buffer } | string>();
    return views.map((v, i) => {
      const problems: string[] = [];
      let leaf: Buffer | undefined;
      try {
        const bytes = fromBase64Strict(v.envelope, 'envelope');
        leaf = leafHash(leafInputFor(v.kind, bytes));
        const { payload } = verifyEnvelope(bytes, (id) => publicKeys.get(id) ?? null);
        const pred = JSON.parse(payload.toString('utf8')).predicate ?? {};
        if (pred.tenant !== history.tenant) problems.push('statement names another tenant');
        if (pred.document?.id !== v.documentId) problems.push('statement is about another document');
        const expected = expectedVersionIds[i];
        if (expected && v.kind === 'statement' && pred.document?.versionId !== expected) problems.push('statement is about another version than the one served');
        let cp = checkpoints.get(v.checkpoint.note);
        if (cp === undefined) {
          try {
            const body = parseCheckpoint(verifyNote(v.checkpoint.note, vkeys).text);
            if (body.origin !== history.origin) throw new Error(`checkpoint origin ${body.origin} is not this tenant's log`);
            cp = { size: body.size, root: body.rootHash };
          } catch (e) {
            cp = `checkpoint: ${(e as Error).message}`;
          }
          checkpoints.set(v.checkpoint.note, cp);
        }
        if (typeof cp === 'string') problems.push(cp);
        else {
          if (cp.size !== v.inclusionProof.treeSize) problems.push('inclusion proof is for another tree size than the checkpoint');
          verifyInclusion(v.leafIndex, cp.size, leaf, v.inclusionProof.hashes.map((h) => fromBase64Strict(h, 'proof hash')), cp.root);
        }
      } catch (e) {
        problems.push((e as Error).message);
      }
      return { verified: problems.length === 0, problems, ...(leaf ? { leafHash: leaf } : {}) };
    });
  }

  /**
   * Signs a search receipt with the tenant's active key and appends it to the tenant's log as an
   * `audit` leaf, in the caller's transaction: if the append fails, so does the search. The leaf's
   * rows are written with the COMMIT (the last write of a search), so nothing may append after it.
   */
  async recordRead(body: ReceiptBody, key?: ActiveKey, locked?: AppendLock): Promise<{ envelope: Buffer; keyId: string; leafIndex: number }> {
    return this.recordAudit(RECEIPT_PAYLOAD_TYPE, receiptPayload(body), key, true, locked);
  }

  /**
   * Signs a decision (a payload of the given type, canonical JSON) with the tenant's active key and
   * appends it to the tenant's log as an `audit` leaf, in the caller's transaction (with its COMMIT
   * when `atCommit`: see TransparencyLog.append).
   */
  async recordAudit(payloadType: string, payload: Buffer, key?: ActiveKey, atCommit = false, locked?: AppendLock): Promise<{ envelope: Buffer; keyId: string; leafIndex: number }> {
    key ??= await this.keyring.active();
    const envelope = envelopeBytes(signEnvelope(payloadType, payload, key.keyId, key.privateKey));
    const [leafIndex] = await this.log.append([{ kind: 'audit', recordedBytes: envelope }], atCommit, locked);
    return { envelope, keyId: key.keyId, leafIndex };
  }

  /** A self-contained bundle (canonical JSON) for `ctxvault verify --bundle`. */
  async bundleOf(documentId: string, includeContent: boolean): Promise<string> {
    const p = await this.provenanceOf(documentId);
    const bundle: ProvenanceBundle = {
      format: 'ctxvault-bundle/v1',
      tenant: this.db.tenantId(),
      origin: this.keyring.origin(),
      documentId,
      envelope: p.envelope,
      leafIndex: p.leafIndex,
      inclusionProof: { treeSize: p.inclusionProof.treeSize, hashes: p.inclusionProof.hashes },
      checkpoint: p.checkpoint.note,
    };
    if (includeContent && p.kind === 'statement') {
      const doc = await this.documents.findById(documentId);
      const v = doc?.currentVersionId ? await this.documents.version(doc.currentVersionId) : null;
      if (v?.content !== null && v?.content !== undefined) bundle.content = v.content;
    }
    return canonicalize(bundle);
  }

  private async latestCheckpointCovering(leafIndex: number): Promise<CheckpointRow> {
    let cp = await this.log.latestCheckpoint();
    if (!cp || cp.size <= leafIndex) {
      cp = await this.log.checkpoint(await this.keyring.active());
    }
    return cp;
  }

  /** Signs a checkpoint of the current head now. */
  async checkpointNow(): Promise<CheckpointRow> {
    return this.log.checkpoint(await this.keyring.active());
  }

  activeKey(): Promise<ActiveKey> {
    return this.keyring.active();
  }
}
