export * from './detector';
export * from './scan.service';
export * from './detectors/hidden-unicode.detector';
