import { assertAllHandled, JOB_DEFINITIONS, JOB_NAMES, JobHandlers } from './jobs';

const all = (): JobHandlers => Object.fromEntries(JOB_NAMES.map((n) => [n, async () => undefined])) as JobHandlers;

describe('job contract', () => {
  it('every declared job removes itself from Redis when completed', () => {
    for (const name of JOB_NAMES) expect(JOB_DEFINITIONS[name].options.removeOnComplete).toBe(true);
  });

  it('refuses a handler set that misses a declared job, naming it', () => {
    const handlers = all();
    delete handlers['source.sync'];
    expect(() => assertAllHandled(handlers)).toThrow(/no handler for declared job\(s\): source.sync/);
  });

  it('refuses handlers for jobs nobody declared', () => {
    expect(() => assertAllHandled({ ...all(), reindex: async () => undefined } as never)).toThrow(/undeclared job\(s\): reindex/);
  });

  it('accepts a complete handler set', () => {
    expect(() => assertAllHandled(all())).not.toThrow();
  });
});
