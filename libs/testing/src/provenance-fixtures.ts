import type { NormalizedDocumentVersion } from '@ctxvault/provenance';

/** A plausible document version for tests. */
export function docVersion(externalId: string, content: string, overrides: Partial<NormalizedDocumentVersion> = {}): NormalizedDocumentVersion {
  return {
    sourceKind: 'push',
    sourceRef: 'push:test',
    externalId,
    url: `https://wiki.example.com/${externalId}`,
    title: `Document ${externalId}`,
    author: { id: 'U123', name: 'Ada Lovelace', kind: 'human' },
    sourceCreatedAt: '2026-01-01T00:00:00Z',
    sourceUpdatedAt: '2026-01-02T00:00:00Z',
    fetchedAt: new Date().toISOString(),
    connector: { name: 'test', version: '1.0.0' },
    content,
    ...overrides,
  };
}
