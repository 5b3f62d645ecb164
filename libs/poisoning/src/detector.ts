export type Severity = 'low' | 'medium' | 'high' | 'critical';

export interface Finding {
  code: string;
  severity: Severity;
  /** Offsets into the scanned text. */
  start: number;
  end: number;
  message: string;
}

/** A detector is a pure function over text: no I/O, explainable findings with spans. */
export interface Detector {
  readonly name: string;
  readonly version: string;
  scan(text: string): Finding[];
}
