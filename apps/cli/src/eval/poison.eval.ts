import { assess, scanText } from '@ctxvault/poisoning';

export interface LabeledText {
  text: string;
  label: 'injection' | 'benign';
  kind?: string;
  source?: string;
}

export interface Counts {
  n: number;
  injections: number;
  benign: number;
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

export interface Rates extends Counts {
  precision: number | null;
  recall: number | null;
  fpr: number | null;
}

export function emptyCounts(): Counts {
  return { n: 0, injections: 0, benign: 0, tp: 0, fp: 0, fn: 0, tn: 0 };
}

export function count(c: Counts, label: LabeledText['label'], flagged: boolean): void {
  c.n++;
  if (label === 'injection') {
    c.injections++;
    if (flagged) c.tp++;
    else c.fn++;
  } else {
    c.benign++;
    if (flagged) c.fp++;
    else c.tn++;
  }
}

const ratio = (a: number, b: number) => (b ? Math.round((a / b) * 10000) / 10000 : null);

export function rates(c: Counts): Rates {
  return { ...c, precision: ratio(c.tp, c.tp + c.fp), recall: ratio(c.tp, c.tp + c.fn), fpr: ratio(c.fp, c.fp + c.tn) };
}

/** The groups a line counts in besides "overall": its kind, its source's repository, its transform or synthetic family. */
export function groupsOf(row: LabeledText): string[] {
  const out: string[] = [];
  if (row.kind) out.push(`kind:${row.kind}`);
  if (row.source) {
    out.push(`source:${row.source.split(':')[0]}`);
    for (const m of row.source.matchAll(/#transform=([\w-]+)|synthetic:([\w-]+)/g)) out.push(m[1] ? `transform:${m[1]}` : `synthetic:${m[2]}`);
  }
  return out;
}

/** Validates one parsed line of a labeled set; the message says what to fix. */
export function labeledRow(v: unknown, where: string): LabeledText {
  const r = v as Record<string, unknown>;
  if (!r || typeof r !== 'object' || typeof r.text !== 'string') throw new Error(`${where}: needs a "text" string`);
  if (r.label !== 'injection' && r.label !== 'benign') throw new Error(`${where}: "label" must be "injection" or "benign"`);
  return { text: r.text, label: r.label, kind: typeof r.kind === 'string' ? r.kind : undefined, source: typeof r.source === 'string' ? r.source : undefined };
}

export interface PoisonEvalReport {
  detectors: string;
  overall: Rates;
  groups: Record<string, Rates>;
  /** Up to 20 of each error, shortened, for inspection. */
  examples: { falsePositives: Array<{ source?: string; codes: string[]; text: string }>; falseNegatives: Array<{ source?: string; text: string }> };
}

/** Scans every line with the current detectors and scores "flagged" against the labels. */
export function poisonEval(rows: LabeledText[], detectorSet: string): PoisonEvalReport {
  const overall = emptyCounts();
  const groups = new Map<string, Counts>();
  const fps: PoisonEvalReport['examples']['falsePositives'] = [];
  const fns: PoisonEvalReport['examples']['falseNegatives'] = [];
  for (const row of rows) {
    const findings = scanText(row.text);
    const { flagged } = assess(findings);
    count(overall, row.label, flagged);
    for (const g of groupsOf(row)) {
      if (!groups.has(g)) groups.set(g, emptyCounts());
      count(groups.get(g)!, row.label, flagged);
    }
    if (flagged && row.label === 'benign' && fps.length < 20) fps.push({ source: row.source, codes: findings.filter((f) => f.severity !== 'low').map((f) => f.code), text: row.text.slice(0, 200) });
    if (!flagged && row.label === 'injection' && fns.length < 20) fns.push({ source: row.source, text: row.text.slice(0, 200) });
  }
  return {
    detectors: detectorSet,
    overall: rates(overall),
    groups: Object.fromEntries([...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, rates(v)])),
    examples: { falsePositives: fps, falseNegatives: fns },
  };
}
