import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Logger } from '@ctxvault/common';

const log = new Logger('embedded-db');

export interface EmbeddedDb {
  url: string;
  close(): Promise<void>;
}

/**
 * PGlite with pgvector, served on a loopback port so the service talks to it like to PostgreSQL.
 * One connection, one session, superuser: for trying the product, not for isolation guarantees
 * (the service still runs every transaction as ctxvault_app, so RLS applies).
 */
export async function startEmbeddedDb(dataDir: string, port: number): Promise<EmbeddedDb> {
  const dir = resolve(join(dataDir, 'pgdata'));
  mkdirSync(dir, { recursive: true });
  const { PGlite } = await import('@electric-sql/pglite');
  const { vector } = await import('@electric-sql/pglite-pgvector');
  const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
  const started = Date.now();
  const db = await PGlite.create({ dataDir: dir, extensions: { vector } });
  // The socket server serializes transactions across connections (one PGlite session underneath).
  const server = new PGLiteSocketServer({ db, port, host: '127.0.0.1', maxConnections: 8 });
  try {
    await server.start();
  } catch (e) {
    await db.close();
    throw new Error(
      `the embedded database could not listen on 127.0.0.1:${port} (${(e as Error).message}); ` +
        'set EMBEDDED_DB_PORT to a free port, or stop the other process',
    );
  }
  log.info('embedded database ready', { dataDir: dir, port, ms: Date.now() - started });
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async close() {
      await server.stop();
      await db.close();
    },
  };
}
