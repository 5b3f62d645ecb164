export * from './env';
export * from './app';
export * from './http';
export * from './shared-data';
export * from './provenance-fixtures';
export * from './git-fixture';
export * from './worker-process';
