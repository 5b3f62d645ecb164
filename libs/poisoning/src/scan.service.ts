import { Detector, Finding, Severity } from './detector';
import { hiddenUnicodeDetector } from './detectors/hidden-unicode.detector';

/** Every detector that runs on ingested text. A new detector is one file and one line here. */
export const DETECTORS: Detector[] = [hiddenUnicodeDetector];

export interface DetectorFinding extends Finding {
  detector: string;
  detectorVersion: string;
}

const RANK: Record<Severity, number> = { low: 1, medium: 2, high: 3, critical: 4 };

export function maxSeverity(findings: Array<{ severity: Severity }>): Severity | 'none' {
  let best: Severity | 'none' = 'none';
  for (const f of findings) if (best === 'none' || RANK[f.severity] > RANK[best]) best = f.severity;
  return best;
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
