import { API_KEY_PATTERN, generateApiKey, hashApiKey, hashesEqual, parseApiKey } from './api-key.material';

describe('API key material', () => {
  it('generates cv_<prefix>_<secret> keys whose hash, not the key, is kept', () => {
    const m = generateApiKey();
    expect(m.key).toMatch(API_KEY_PATTERN);
    expect(m.key.startsWith(`cv_${m.prefix}_`)).toBe(true);
    expect(m.secretHash).toHaveLength(32);
    expect(hashesEqual(m.secretHash, hashApiKey(m.key))).toBe(true);
    expect(m.secretHash.toString('hex')).not.toContain(m.key.slice(16));
  });

  it('never repeats a key', () => {
    const seen = new Set(Array.from({ length: 2000 }, () => generateApiKey().key));
    expect(seen.size).toBe(2000);
  });

  it('parses only well-formed keys', () => {
    const { key, prefix } = generateApiKey();
    expect(parseApiKey(key)).toEqual({ prefix });
    for (const bad of ['', 'cv_', key + 'x', key.slice(0, -1), key.replace('cv_', 'cx_'), 'cv_ABCDEF123456_' + key.slice(16), key + ' ']) {
      expect(parseApiKey(bad)).toBeNull();
    }
  });

  it('compares hashes of different lengths as unequal without throwing', () => {
    expect(hashesEqual(Buffer.alloc(32), Buffer.alloc(31))).toBe(false);
  });
});
