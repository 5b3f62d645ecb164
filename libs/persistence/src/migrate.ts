import { MigrationInterface } from 'typeorm';
import { Logger } from '@ctxvault/common';
import { createDataSource } from './data-source.factory';

const log = new Logger('migrate');

/** Applies pending migrations, each in its own transaction. Returns the names applied. */
export async function runMigrations(url: string, migrations: Array<new () => MigrationInterface>): Promise<string[]> {
  const ds = createDataSource({ url, poolMax: 1, migrations, applicationName: 'ctxvault-migrate' });
  await ds.initialize();
  try {
    const applied = await ds.runMigrations({ transaction: 'each' });
    for (const m of applied) log.info('migration applied', { migration: m.name });
    return applied.map((m) => m.name);
  } finally {
    await ds.destroy();
  }
}
