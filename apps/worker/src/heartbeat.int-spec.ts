import { HeartbeatRepository, openDatabase } from '@ctxvault/persistence';
import { createRedis, QueueClient } from '@ctxvault/queue';
import { createServices } from '@ctxvault/services';
import { testConfig, waitFor } from '@ctxvault/testing';
import { migrations } from '../../../migrations';
import { startWorker } from './worker';

describe('heartbeat job (real Redis and PostgreSQL)', () => {
  it('travels queue → worker → database and is removed from Redis when done', async () => {
    const config = testConfig({ QUEUE_PREFIX: `ctxvault-hb-${process.pid}` });
    const database = await openDatabase(config, { applicationName: 'hb-test', migrations });
    const worker = await startWorker(config, createServices(config, database.db));
    const conn = createRedis(config.redis.url);
    const queue = new QueueClient(conn, config.redis.queuePrefix);
    const heartbeats = new HeartbeatRepository(database.db);
    try {
      const before = Date.now();
      const jobId = await queue.enqueue('heartbeat', { requestedBy: 'test' });
      const hb = await waitFor(
        async () => {
          const latest = await database.db.system(() => heartbeats.latest());
          return latest && latest.workerId === worker.workerId && new Date(latest.processedAt).getTime() >= before - 1000 ? latest : undefined;
        },
        10_000,
        'the heartbeat row',
      );
      expect(hb.workerId).toBe(worker.workerId);
      await waitFor(async () => (await queue.queue('system').getJob(jobId)) === undefined, 5000, 'the completed job to be removed');
    } finally {
      await queue.close();
      conn.disconnect();
      await worker.close();
      await database.close();
    }
  });
});
