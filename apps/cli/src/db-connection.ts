import { Socket } from 'node:net';
import type { AppConfig } from '@ctxvault/config';
import { createDataSource, Database, openDatabase, OpenDatabase } from '@ctxvault/persistence';
import { migrations } from '../../../migrations';

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = new Socket();
    s.setTimeout(500);
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
    s.once('timeout', () => {
      s.destroy();
      resolve(false);
    });
    s.connect(port, '127.0.0.1');
  });
}

/**
 * The database for an administrative CLI command. With DATABASE_URL: that. Without: the embedded
 * database of a running `ctxvault start` when one is serving, else the embedded database opened here.
 */
export async function openCliDatabase(config: AppConfig): Promise<OpenDatabase> {
  if (!config.database.url && (await portOpen(config.database.embeddedPort))) {
    const ds = createDataSource({
      url: `postgres://postgres@127.0.0.1:${config.database.embeddedPort}/postgres`,
      poolMax: 1,
      applicationName: 'ctxvault-cli',
    });
    await ds.initialize();
    const db = new Database(ds, { statementTimeoutMs: config.database.statementTimeoutMs, assumeAppRole: true, sharedSession: true });
    return { db, embedded: null, close: () => ds.destroy() };
  }
  return openDatabase(config, { applicationName: 'ctxvault-cli', migrations });
}
