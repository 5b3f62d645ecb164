import { loadConfig } from '@ctxvault/config';
import { startWorker } from './worker';

describe('startWorker', () => {
  it('refuses to start when a declared job has no handler', async () => {
    const config = loadConfig({});
    await expect(startWorker(config, {} as never, {})).rejects.toThrow(/refuses to start: no handler for declared job\(s\): heartbeat, source.sync, ingest.push, checkpoint.publish/);
  });
});
