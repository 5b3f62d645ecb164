import { Client } from 'pg';
import { testConfig } from '@ctxvault/testing';
import { TRUST_TIER_SQL } from '../../../migrations/1764115200000-search';
import { baseTrust, trustRank } from './trust';

describe('base trust tier: the stored column and the served explanation agree', () => {
  let c: Client;
  beforeAll(async () => {
    c = new Client({ connectionString: testConfig().database.adminUrl });
    await c.connect();
  });
  afterAll(() => c?.end());

  it('gives every source kind and author kind the same tier in SQL and in code', async () => {
    for (const source of ['git', 'slack', 'notion', 'sentry', 'push']) {
      for (const author of ['human', 'bot', 'guest', 'external', 'unknown', null]) {
        const { rows } = await c.query(`SELECT (${TRUST_TIER_SQL})::int AS tier FROM (VALUES ($1::text, $2::text)) AS v(source_kind, author_kind)`, [source, author]);
        const explained = baseTrust(source, author);
        expect({ source, author, tier: rows[0].tier }).toEqual({ source, author, tier: trustRank(explained.tier) });
        expect(explained.reasons.length).toBeGreaterThan(0);
      }
    }
  });
});
