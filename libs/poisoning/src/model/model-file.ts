import { FEATURE_BITS, LinearModel } from './features';

/** The committed model file: sparse int8 weights (delta-varint indices), the thresholds, and how it was trained. */
export interface ModelFile {
  format: 'ctxvault-instruction-model/1';
  featureBits: number;
  /** Characters per scoring window. */
  window: number;
  bias: number;
  scale: number;
  indices: string;
  values: string;
  /** Probability at or above which a window is flagged (medium), and flagged high. */
  threshold: number;
  thresholdHigh: number;
  training: Record<string, unknown>;
}

export function encodeModel(m: LinearModel, rest: Omit<ModelFile, 'format' | 'featureBits' | 'bias' | 'scale' | 'indices' | 'values'>): ModelFile {
  let max = 0;
  for (const v of m.weights) max = Math.max(max, Math.abs(v));
  const scale = max / 127 || 1;
  const idx: number[] = [];
  const vals: number[] = [];
  let last = -1;
  m.weights.forEach((v, i) => {
    const q = Math.round(v / scale);
    if (!q) return;
    let d = i - last;
    last = i;
    while (d >= 0x80) {
      idx.push((d & 0x7f) | 0x80);
      d >>>= 7;
    }
    idx.push(d);
    vals.push(q & 0xff);
  });
  return { format: 'ctxvault-instruction-model/1', featureBits: FEATURE_BITS, bias: m.bias, scale, indices: Buffer.from(idx).toString('base64'), values: Buffer.from(vals).toString('base64'), ...rest };
}

export function decodeModel(f: ModelFile): LinearModel {
  if (f.format !== 'ctxvault-instruction-model/1' || f.featureBits !== FEATURE_BITS) throw new Error(`instruction model file has format ${f.format} with ${f.featureBits} feature bits; this build reads ctxvault-instruction-model/1 with ${FEATURE_BITS}`);
  const weights = new Float32Array(1 << FEATURE_BITS);
  const idx = Buffer.from(f.indices, 'base64');
  const vals = Buffer.from(f.values, 'base64');
  let at = -1;
  let p = 0;
  for (let k = 0; k < vals.length; k++) {
    let d = 0;
    let shift = 0;
    for (;;) {
      const b = idx[p++];
      d |= (b & 0x7f) << shift;
      if (b < 0x80) break;
      shift += 7;
    }
    at += d;
    weights[at] = ((vals[k] << 24) >> 24) * f.scale;
  }
  return { bias: f.bias, weights };
}
