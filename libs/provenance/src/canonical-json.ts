/**
 * RFC 8785 JSON Canonicalization Scheme: object members sorted by UTF-16 code units, no
 * whitespace, ECMAScript number and string serialization. Refuses what JSON cannot carry
 * faithfully (non-finite numbers, lone surrogates, undefined, functions, bigints).
 */
export function canonicalize(value: unknown): string {
  return serialize(value, '$');
}

export function canonicalBytes(value: unknown): Buffer {
  return Buffer.from(canonicalize(value), 'utf8');
}

function serialize(value: unknown, path: string): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`${path}: ${value} has no JSON form`);
      return JSON.stringify(value);
    case 'string':
      assertWellFormed(value, path);
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) return '[' + value.map((v, i) => serialize(v, `${path}[${i}]`)).join(',') + ']';
      const obj = value as Record<string, unknown>;
      if (typeof (obj as { toJSON?: unknown }).toJSON === 'function') return serialize((obj as { toJSON(): unknown }).toJSON(), path);
      const keys = Object.keys(obj)
        .filter((k) => obj[k] !== undefined)
        .sort(compareUtf16);
      return '{' + keys.map((k) => (assertWellFormed(k, path), JSON.stringify(k) + ':' + serialize(obj[k], `${path}.${k}`))).join(',') + '}';
    }
    default:
      throw new TypeError(`${path}: a ${typeof value} has no JSON form`);
  }
}

function compareUtf16(a: string, b: string): number {
  // JavaScript string comparison is by UTF-16 code units, as RFC 8785 requires.
  return a < b ? -1 : a > b ? 1 : 0;
}

function assertWellFormed(s: string, path: string): void {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const n = s.charCodeAt(i + 1);
      if (!(n >= 0xdc00 && n <= 0xdfff)) throw new TypeError(`${path}: lone surrogate in string`);
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) {
      throw new TypeError(`${path}: lone surrogate in string`);
    }
  }
}
