/**
 * Structural comparison for contract tests: every key of the real response must be in the twin's,
 * with the same JSON type, recursively; array elements are compared by the union of their keys.
 * A null in the real response matches any type (the field exists, its value varies).
 */
export function shapeMismatches(real: unknown, twin: unknown, path = '$', ignore: RegExp[] = []): string[] {
  if (ignore.some((r) => r.test(path))) return [];
  const t = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
  if (real === null) return [];
  if (t(real) !== t(twin)) return [`${path}: real ${t(real)}, twin ${t(twin)}`];
  if (Array.isArray(real)) {
    const tw = twin as unknown[];
    if (real.length && !tw.length) return [`${path}: real array has elements, twin array is empty`];
    if (!real.length) return [];
    if (t(real[0]) === 'object') return shapeMismatches(merge(real as object[]), merge(tw as object[]), `${path}[]`, ignore);
    return shapeMismatches(real[0], tw[0], `${path}[]`, ignore);
  }
  if (t(real) === 'object') {
    const out: string[] = [];
    for (const [k, v] of Object.entries(real as Record<string, unknown>)) {
      const p = `${path}.${k}`;
      if (ignore.some((r) => r.test(p))) continue;
      if (!(k in (twin as object))) out.push(`${p}: missing in twin`);
      else out.push(...shapeMismatches(v, (twin as Record<string, unknown>)[k], p, ignore));
    }
    return out;
  }
  return [];
}

function merge(items: object[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const it of items) {
    if (!it || typeof it !== 'object') continue;
    for (const [k, v] of Object.entries(it)) if (!(k in out) || out[k] === null) out[k] = v;
  }
  return out;
}
