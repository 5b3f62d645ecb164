import { LocalHashEmbedder } from './embedder';

const cos = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i], 0);

describe('LocalHashEmbedder', () => {
  const e = new LocalHashEmbedder(256);

  it('is deterministic, unit length, of the configured size', async () => {
    const [a] = await e.embed(['Restart the payments API']);
    const [b] = await new LocalHashEmbedder(256).embed(['Restart the payments API']);
    expect(a).toEqual(b);
    expect(a).toHaveLength(256);
    expect(Math.abs(cos(a, a) - 1)).toBeLessThan(1e-9);
  });

  it('puts related texts closer than unrelated ones', async () => {
    const [q, near, far] = await e.embed([
      'how do I restart the payments service',
      'To restart the payments service, run the rollout restart command.',
      'Quarterly marketing offsite agenda and catering menu.',
    ]);
    expect(cos(q, near)).toBeGreaterThan(cos(q, far) + 0.1);
  });
});
