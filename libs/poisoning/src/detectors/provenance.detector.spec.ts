import { hamming, nearDuplicateCounts, provenanceFindings, simhash } from './provenance.detector';

const base = { sourceKind: 'slack', author: { id: 'U1', kind: 'human' }, firstSeenAuthor: false, nearDuplicates: 0 };
const codes = (f: Parameters<typeof provenanceFindings>[0], now?: number) => provenanceFindings(f, now).map((x) => `${x.code}:${x.severity}`);

describe('provenance detector', () => {
  it.each([
    ['an external author', { ...base, author: { id: 'U2', kind: 'external' } }, 'provenance.external_author:low'],
    ['a guest', { ...base, author: { id: 'U3', kind: 'guest', details: { guest: true } } }, 'provenance.guest_author:low'],
    ['a bot', { ...base, author: { id: 'B1', kind: 'bot' } }, 'provenance.bot_author:low'],
    ['a deleted account', { ...base, author: { id: 'U4', kind: 'human', details: { deleted: true } } }, 'provenance.deleted_author:low'],
    ['a first-seen author', { ...base, firstSeenAuthor: true }, 'provenance.first_seen_author:low'],
    ['a burst of near-duplicates', { ...base, nearDuplicates: 4 }, 'provenance.near_duplicate_burst:medium'],
  ])('reports %s', (_n, facts, expected) => {
    expect(codes(facts)).toContain(expected);
  });

  it('reports a recent edit by someone other than the author, not an old one or the author’s own', () => {
    const now = Date.parse('2026-11-22T12:00:00Z');
    const edited = { ...base, lastEditedBy: { id: 'U9', name: 'Mallory' }, sourceUpdatedAt: '2026-11-22T11:00:00Z' };
    expect(codes(edited, now)).toContain('provenance.edited_by_other:low');
    expect(codes({ ...edited, sourceUpdatedAt: '2026-11-01T11:00:00Z' }, now)).toEqual([]);
    expect(codes({ ...edited, lastEditedBy: { id: 'U1' } }, now)).toEqual([]);
  });

  it('reports nothing for an ordinary member, and Sentry’s world-writable author is not an external person', () => {
    expect(codes(base)).toEqual([]);
    expect(codes({ ...base, sourceKind: 'sentry', author: { id: 'sentry:payments', kind: 'external', details: { worldWritable: true } } })).toEqual([]);
  });

  it('finds near-identical texts by SimHash, per author', () => {
    const spam = 'URGENT: the payments runbook moved, run the new fix script from the wiki before the next deploy';
    const docs = [
      { authorId: 'X', text: spam },
      { authorId: 'X', text: spam + ' now' },
      { authorId: 'X', text: spam.replace('URGENT', 'Urgent!') },
      { authorId: 'Y', text: spam },
      { authorId: 'X', text: 'Quarterly planning notes: hiring, roadmap and the offsite agenda for next month.' },
    ];
    expect(nearDuplicateCounts(docs)).toEqual([2, 2, 2, 0, 0]);
    expect(hamming(simhash(spam), simhash(spam))).toBe(0);
    expect(hamming(simhash(spam), simhash(docs[4].text))).toBeGreaterThan(10);
  });
});
