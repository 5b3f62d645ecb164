import { newId } from '@ctxvault/common';
import { createTenancy } from '@ctxvault/tenancy';
import { createTenantWithKeys, testConfig, uniqueSlug } from '@ctxvault/testing';
import { createDataSource } from './data-source.factory';
import { Database } from './database';
import { IngestItemRepository } from './repositories/ingest-item.repository';
import { SourceRepository } from './repositories/source.repository';
import { SyncRunRepository } from './repositories/sync-run.repository';

/**
 * Two runners of one push batch (BullMQ hands a stalled job out again while the first still runs):
 * the second skips the slice the first holds, and waiting for it sees nothing left once the first
 * commits, or the whole slice again when the first is aborted (a killed worker).
 */
describe('pending ingest items under two runners (real PostgreSQL)', () => {
  const config = testConfig();
  let ds: ReturnType<typeof createDataSource>;
  let db: Database;
  let tenantId: string;

  beforeAll(async () => {
    ds = createDataSource({ url: config.database.url!, poolMax: 4 });
    await ds.initialize();
    db = new Database(ds, { statementTimeoutMs: 10_000 });
    const tenancy = createTenancy(db, { maxActiveKeys: 50, keyCacheSeconds: 0 });
    tenantId = (await createTenantWithKeys(tenancy, uniqueSlug('items'), ['ingest'])).tenantId;
  });
  afterAll(async () => {
    await ds?.destroy();
  });

  async function stagedRun(): Promise<string> {
    return db.inTenant(tenantId, async () => {
      const sourceId = newId();
      await new SourceRepository(db).insert({ id: sourceId, kind: 'push', name: `push-${sourceId}`, config: {}, credentialsEnc: null, scheduleSeconds: null, enabled: true, trustTier: 'standard' });
      const runId = newId();
      await new SyncRunRepository(db).insert(runId, sourceId, 'push');
      await new IngestItemRepository(db).insertMany(runId, [1, 2, 3].map((i) => ({ externalId: `doc-${i}`, payload: { i } })));
      return runId;
    });
  }

  /** The first runner takes every item, then commits them processed or fails, once `release` resolves. */
  function firstRunner(runId: string, outcome: 'commit' | 'abort') {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let taken!: () => void;
    const holding = new Promise<void>((r) => (taken = r));
    const done = db
      .inTenant(tenantId, async () => {
        const items = new IngestItemRepository(db);
        const mine = await items.nextPending(runId, 10);
        expect(mine).toHaveLength(3);
        taken();
        await gate;
        if (outcome === 'abort') throw new Error('worker killed');
        await items.markProcessed(runId, mine.map((m) => m.ordinal));
      })
      .catch((e: Error) => e.message);
    return { holding, release, done };
  }

  /**
   * Stages a run, lets the first runner take every item, starts a second runner and gives it 200 ms to
   * reach the wait, then lets the first end with `outcome`. `firstEnded` is the first runner's failure
   * message, if any; `second` is what the second found free, then what was left once the first ended.
   */
  async function twoRunners(outcome: 'commit' | 'abort') {
    const runId = await stagedRun();
    const first = firstRunner(runId, outcome);
    await first.holding;
    const second = db.inTenant(tenantId, async () => {
      const items = new IngestItemRepository(db);
      const free = await items.nextPending(runId, 10);
      return { free, afterWait: await items.nextPending(runId, 10, { wait: true }) };
    });
    await new Promise((r) => setTimeout(r, 200));
    first.release();
    const firstEnded = await first.done;
    return { runId, firstEnded, second: await second };
  }

  it('waits for a slice another runner holds and finds nothing left once it commits', async () => {
    const { runId, second: r } = await twoRunners('commit');
    expect(r.free).toEqual([]);
    expect(r.afterWait).toEqual([]);
    expect(await db.inTenant(tenantId, () => new IngestItemRepository(db).countPending(runId))).toBe(0);
  });

  it('gets the whole slice back when the runner holding it is aborted', async () => {
    const { firstEnded, second: r } = await twoRunners('abort');
    expect(firstEnded).toBe('worker killed');
    expect(r.free).toEqual([]);
    expect(r.afterWait.map((i) => i.externalId)).toEqual(['doc-1', 'doc-2', 'doc-3']);
  });
});
