import { Detector, Finding, Severity } from './detector';
import { hiddenUnicodeDetector } from './detectors/hidden-unicode.detector';
import { homoglyphDetector } from './detectors/homoglyph.detector';
import { markupDetector } from './detectors/markup.detector';
import { instructionDetector } from './detectors/instruction.detector';
import { instructionModelDetector } from './detectors/instruction-model.detector';
import { dangerousCommandDetector } from './detectors/dangerous-command.detector';
import { secretDetector } from './detectors/secret.detector';

/** Every detector that runs on ingested text. A new detector is one file and one line here. */
export const DETECTORS: Detector[] = [hiddenUnicodeDetector, homoglyphDetector, markupDetector, instructionDetector, instructionModelDetector, dangerousCommandDetector, secretDetector];

/** Names the detector set: flags record it, and a rescan replaces the flags of older sets. */
export const DETECTOR_SET_VERSION = DETECTORS.map((d) => `${d.name}@${d.version}`).join(',');

export interface DetectorFinding extends Finding {
  detector: string;
  detectorVersion: string;
}

export const SEVERITIES: Severity[] = ['low', 'medium', 'high', 'critical'];
const RANK: Record<Severity, number> = { low: 1, medium: 2, high: 3, critical: 4 };
/** How much one finding of a severity adds to the risk score (combined as independent evidence). */
const WEIGHT: Record<Severity, number> = { low: 0.15, medium: 0.5, high: 0.85, critical: 0.98 };

export function severityRank(s: Severity | 'none'): number {
  return s === 'none' ? 0 : RANK[s];
}

export function maxSeverity(findings: Array<{ severity: Severity }>): Severity | 'none' {
  let best: Severity | 'none' = 'none';
  for (const f of findings) if (best === 'none' || RANK[f.severity] > RANK[best]) best = f.severity;
  return best;
}

export interface Assessment {
  /** 0..1: the findings combined as independent evidence (1 − Π(1 − weight)). */
  score: number;
  severity: Severity | 'none';
  /** At least one finding of medium severity or above. */
  flagged: boolean;
}

/** The risk of a chunk or a document from its findings. */
export function assess(findings: Array<{ severity: Severity }>): Assessment {
  let keep = 1;
  for (const f of findings) keep *= 1 - WEIGHT[f.severity];
  const severity = maxSeverity(findings);
  return { score: Math.round((1 - keep) * 1000) / 1000, severity, flagged: severityRank(severity) >= RANK.medium };
}

/** Runs every detector over the text; a detector that throws is a bug, reported as a finding. */
export function scanText(text: string, detectors: Detector[] = DETECTORS): DetectorFinding[] {
  const out: DetectorFinding[] = [];
  for (const d of detectors) {
    let findings: Finding[];
    try {
      findings = d.scan(text);
    } catch (e) {
      findings = [{ code: 'scan.detector_error', severity: 'medium', start: 0, end: 0, message: `detector ${d.name} failed: ${(e as Error).message}` }];
    }
    for (const f of findings) out.push({ ...f, detector: d.name, detectorVersion: d.version });
  }
  return out;
}
