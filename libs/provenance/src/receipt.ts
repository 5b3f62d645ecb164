import { canonicalBytes } from './canonical-json';
import { fromBase64Strict, sha256 } from './encoding';
import { KeyResolver, verifyEnvelope } from './dsse';

export const RECEIPT_TYPE = 'https://ctxvault.dev/receipt/search/v1';
export const RECEIPT_PAYLOAD_TYPE = 'application/vnd.ctxvault.receipt+json';

/** What a search served (and held back), as signed in its receipt. */
export interface ReceiptBody {
  _type: typeof RECEIPT_TYPE;
  tenant: string;
  /** Who asked: the API key (id, name, role) and the channel (http or mcp). */
  principal: { keyId: string; keyName: string; role: string; channel: string };
  at: string;
  /** SHA-256 (hex) of the canonical JSON of the request: query, limit, filters, includeWithheld. */
  queryHash: string;
  /** Results in the order served: chunk, document, version, and the leaf hash of the version's statement. */
  results: Array<{ chunkId: string; documentId: string; versionId: string; leafIndex: number; leafHash: string }>;
  withheld: Array<{ documentId: string; codes: string[] }>;
  /** Open flags on each served result, by chunk. */
  flags: Array<{ chunkId: string; codes: string[] }>;
  policy: { version: string; withholdSeverities: string[] };
}

/** The request fields a receipt's queryHash covers, hashed as canonical JSON. */
export function queryHashOf(request: Record<string, unknown>): string {
  return sha256(canonicalBytes(request)).toString('hex');
}

export function receiptPayload(body: ReceiptBody): Buffer {
  return canonicalBytes(body);
}

export class ReceiptVerificationError extends Error {
  constructor(readonly step: string, message: string) {
    super(`${step}: ${message}`);
  }
}

/**
 * Verifies a search receipt (base64 of the DSSE envelope bytes) with the tenant's published keys and
 * checks that it binds exactly the served answer: its results (chunk and document ids, in order)
 * and its withheld documents. Throws ReceiptVerificationError naming the failed step; returns the signed body.
 */
export function verifyReceipt(
  receiptB64: string,
  resolve: KeyResolver,
  served?: { results: Array<{ chunk: { id: string }; document: { id: string } }>; withheld?: { reasons: Array<{ documentId: string }> } },
): ReceiptBody {
  let bytes: Buffer;
  try {
    bytes = fromBase64Strict(receiptB64, 'receipt');
  } catch (e) {
    throw new ReceiptVerificationError('receipt', (e as Error).message);
  }
  let payload: Buffer;
  try {
    const v = verifyEnvelope(bytes, resolve);
    if (v.envelope.payloadType !== RECEIPT_PAYLOAD_TYPE) throw new Error(`payload type ${v.envelope.payloadType} is not a search receipt`);
    payload = v.payload;
  } catch (e) {
    throw new ReceiptVerificationError('signature', (e as Error).message);
  }
  const body = JSON.parse(payload.toString('utf8')) as ReceiptBody;
  if (body._type !== RECEIPT_TYPE) throw new ReceiptVerificationError('receipt', `unknown receipt type ${JSON.stringify(body._type)}`);
  if (served) {
    const want = body.results.map((r) => `${r.chunkId}/${r.documentId}`).join(',');
    const got = served.results.map((r) => `${r.chunk?.id}/${r.document?.id}`).join(',');
    if (want !== got) throw new ReceiptVerificationError('results', 'the served results are not the list the receipt signs (a result was added, removed, changed or reordered)');
    if (served.withheld) {
      const w1 = body.withheld.map((w) => w.documentId).join(',');
      const w2 = served.withheld.reasons.map((w) => w.documentId).join(',');
      if (w1 !== w2) throw new ReceiptVerificationError('withheld', 'the withheld documents differ from those the receipt signs');
    }
  }
  return body;
}
