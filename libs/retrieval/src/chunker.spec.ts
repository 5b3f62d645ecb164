import { chunkText } from './chunker';

describe('chunkText', () => {
  const opts = { size: 200, overlap: 60 };

  it('keeps offsets exact: every chunk is the document slice it names', () => {
    const text = Array.from({ length: 30 }, (_, i) => `Paragraph ${i} says something useful about the service.`).join('\n\n');
    const chunks = chunkText(text, opts);
    expect(chunks.length).toBeGreaterThan(3);
    for (const c of chunks) {
      expect(text.slice(c.start, c.end)).toBe(c.text);
      expect(c.text.length).toBeLessThanOrEqual(opts.size);
    }
    expect(chunks.map((c) => c.ordinal)).toEqual(chunks.map((_, i) => i));
  });

  it('never splits a fenced code block that fits', () => {
    const code = '```bash\nkubectl rollout restart deploy/api\nkubectl rollout status deploy/api\n```';
    const text = `Intro paragraph that is fairly long and explains the context of the change.\n\n${code}\n\nAfterwards, watch the dashboards for errors.`;
    const chunks = chunkText(text, { size: 160, overlap: 0 });
    expect(chunks.some((c) => c.text.includes(code))).toBe(true);
    expect(chunks.filter((c) => c.text.includes('kubectl rollout restart')).every((c) => c.text.includes('```bash') && c.text.includes('status deploy/api\n```'))).toBe(true);
  });

  it('overlaps consecutive chunks with whole trailing blocks', () => {
    const text = ['Alpha block.', 'Bravo block.', 'Charlie block.', 'Delta block.', 'Echo block.'].map((s) => s.repeat(3)).join('\n\n');
    const chunks = chunkText(text, { size: 120, overlap: 50 });
    expect(chunks.length).toBeGreaterThan(1);
    for (let i = 1; i < chunks.length; i++) expect(chunks[i].start).toBeLessThan(chunks[i - 1].end);
  });

  it('splits an over-long paragraph at sentence ends', () => {
    const text = Array.from({ length: 20 }, (_, i) => `Sentence number ${i} is here.`).join(' ');
    const chunks = chunkText(text, { size: 100, overlap: 0 });
    for (const c of chunks.slice(0, -1)) expect(c.text.trimEnd()).toMatch(/\.$/);
  });

  it('starts a new chunk at given message boundaries and at headings', () => {
    const text = 'alice: the deploy failed\nbob: rolling back now\n# Next steps\nFile an incident.';
    const boundaries = [0, text.indexOf('bob:')];
    const blocks = chunkText(text, { size: 30, overlap: 0 }, boundaries);
    expect(blocks.map((c) => c.text)).toEqual(['alice: the deploy failed', 'bob: rolling back now', '# Next steps\nFile an incident.']);
  });

  it('returns nothing for blank text', () => {
    expect(chunkText('  \n\n ', opts)).toEqual([]);
  });
});
