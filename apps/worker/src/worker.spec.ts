import { loadConfig } from '@ctxvault/config';
import { JOB_NAMES } from '@ctxvault/queue';
import { startWorker } from './worker';

describe('startWorker', () => {
  it('refuses to start when a declared job has no handler, naming every missing one', async () => {
    const config = loadConfig({});
    const err = await startWorker(config, {} as never, {}).then(
      () => null,
      (e: Error) => e,
    );
    expect(err?.message).toMatch(/^worker refuses to start: no handler for declared job\(s\): /);
    for (const name of JOB_NAMES) expect(err!.message).toContain(name);
  });
});
