import { assertAllHandled, JOB_DEFINITIONS, JOB_NAMES } from './jobs';

describe('job contract', () => {
  it('every declared job removes itself from Redis when completed', () => {
    for (const name of JOB_NAMES) expect(JOB_DEFINITIONS[name].options.removeOnComplete).toBe(true);
  });

  it('refuses a handler set that misses a declared job, naming it', () => {
    expect(() => assertAllHandled({ heartbeat: async () => undefined })).toThrow(/no handler for declared job\(s\): checkpoint.publish/);
  });

  it('refuses handlers for jobs nobody declared', () => {
    const handlers = { heartbeat: async () => undefined, 'checkpoint.publish': async () => undefined, reindex: async () => undefined } as never;
    expect(() => assertAllHandled(handlers)).toThrow(/undeclared job\(s\): reindex/);
  });

  it('accepts a complete handler set', () => {
    expect(() => assertAllHandled({ heartbeat: async () => undefined, 'checkpoint.publish': async () => undefined })).not.toThrow();
  });
});
