import { createHash } from 'node:crypto';
import { AsyncLocalStorage } from 'node:async_hooks';
import { DataSource, EntityManager } from 'typeorm';
import { isUuid, Logger, ValidationError } from '@ctxvault/common';
import { APP_ROLE } from './roles';

const log = new Logger('database');

export type ScopeKind = 'tenant' | 'platform' | 'key-lookup' | 'source-route' | 'system';

interface Scope {
  kind: ScopeKind;
  tenantId?: string;
  /** A tenant scope that may also write the tenants table (tenant creation). */
  platform?: boolean;
  manager: EntityManager;
  afterCommit: Array<() => unknown>;
  /** Statements sent with COMMIT, in one round trip (see withCommit). */
  atCommit: string[];
  /**
   * BEGIN and the scope's settings while not yet sent (they go with the first statement: see
   * transaction), handed over once: the transaction counts as open from then on.
   */
  takeOpening(): string | null;
  /** Sends the opening now if it is still pending. */
  open(): Promise<void>;
}

export interface DatabaseOptions {
  statementTimeoutMs: number;
  /**
   * Run every transaction as the service role with SET LOCAL ROLE. Used when the connection itself
   * is a superuser (the embedded database), so Row Level Security still applies to the service.
   */
  assumeAppRole?: boolean;
  /**
   * Every connection is served by one database session (the embedded database): statement names
   * would collide between connections, so queries are not prepared under names.
   */
  sharedSession?: boolean;
}

/**
 * The only way the service touches the database. Every unit of work is one transaction whose
 * scope is set with set_config(..., true) — local to that transaction — so a pooled connection
 * never carries a tenant from one use to the next. Repositories ask for the current manager and
 * fail when there is no scope.
 */
export class Database {
  private readonly scopes = new AsyncLocalStorage<Scope>();

  constructor(
    readonly dataSource: DataSource,
    private readonly options: DatabaseOptions,
  ) {}

  /** Runs fn in a transaction that sees only tenantId's rows. */
  inTenant<T>(tenantId: string, fn: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (!isUuid(tenantId)) throw new ValidationError(`tenant id must be a UUID`);
    const outer = this.scopes.getStore();
    if (outer) {
      if (outer.kind === 'tenant' && outer.tenantId === tenantId) return fn(outer.manager);
      throw new Error(`nested ${outer.kind} scope cannot open a tenant scope`);
    }
    return this.transaction({ kind: 'tenant', tenantId }, { 'app.tenant_id': tenantId }, fn);
  }

  /** Tenant creation and listing across tenants: nothing else is visible there. */
  asPlatform<T>(fn: (manager: EntityManager) => Promise<T>): Promise<T> {
    this.assertNoScope('platform');
    return this.transaction({ kind: 'platform' }, { 'app.platform': 'on' }, fn);
  }

  /**
   * Creates a tenant: one transaction that may insert the tenant row (platform) and then sees only
   * that tenant's rows, so the tenant and its first admin key land together or not at all.
   */
  inNewTenant<T>(tenantId: string, fn: (tenantId: string, manager: EntityManager) => Promise<T>): Promise<T> {
    this.assertNoScope('tenant');
    return this.transaction(
      { kind: 'tenant', tenantId, platform: true },
      { 'app.platform': 'on', 'app.tenant_id': tenantId },
      (m) => fn(tenantId, m),
    );
  }

  /**
   * One read in a scope, in one round trip: the scope's settings and the statement travel in one
   * simple-protocol message, which PostgreSQL runs as one implicit transaction (the settings, local
   * to it, end with it), so no BEGIN or COMMIT is sent. The statement takes no parameters: its values
   * must be inlined with sqlLiteral. For the reads every request makes (API key lookup).
   */
  async readOnce<T>(kind: 'key-lookup', settings: Record<string, string>, sql: string): Promise<T[]> {
    this.assertNoScope(kind);
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    let broken: Error | undefined;
    try {
      const client = (runner as unknown as { databaseConnection: { query(text: string): Promise<Array<{ rows: T[] }>> } }).databaseConnection;
      const results = await client.query(`${this.prelude(settings)}; ${sql}`);
      return results[results.length - 1].rows;
    } catch (err) {
      // Failed statements end the implicit transaction; a connection that broke is not reused.
      if (!(err as { code?: string }).code) broken = err as Error;
      throw err;
    } finally {
      await (runner as unknown as { releasePostgresConnection(e?: Error): Promise<void> }).releasePostgresConnection(broken);
    }
  }

  /** Webhook routing: sees only the one source row with this id, whatever its tenant. */
  forSourceRoute<T>(sourceId: string, fn: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (!isUuid(sourceId)) throw new ValidationError('source id must be a UUID');
    this.assertNoScope('source-route');
    return this.transaction({ kind: 'source-route' }, { 'app.source_route': sourceId }, fn);
  }

  /** Service-level tables that hold no tenant data (heartbeats, health). */
  system<T>(fn: (manager: EntityManager) => Promise<T>): Promise<T> {
    this.assertNoScope('system');
    return this.transaction({ kind: 'system' }, {}, fn);
  }

  /** The manager of the enclosing scope; throws outside one, so no query runs unscoped. */
  manager(kind: ScopeKind = 'tenant'): EntityManager {
    const scope = this.scopes.getStore();
    if (!scope) throw new Error(`no ${kind} transaction is open: wrap the call in Database.${scopeMethod(kind)}()`);
    if (kind === 'platform' && scope.platform) return scope.manager;
    if (scope.kind !== kind) throw new Error(`a ${kind} query ran inside a ${scope.kind} transaction`);
    return scope.manager;
  }

  /**
   * A query run as a named prepared statement on the scope's connection, so PostgreSQL plans it once
   * per connection instead of at every call. For the hottest read paths only.
   */
  async prepared<T>(name: string, sql: string, params: unknown[]): Promise<T[]> {
    const scope = this.scopes.getStore();
    if (!scope) throw new Error('prepared statements need an open transaction');
    await scope.open();
    const client = (scope.manager.queryRunner as unknown as { databaseConnection: { query(q: { name?: string; text: string; values: unknown[] }): Promise<{ rows: T[] }> } })
      .databaseConnection;
    const res = await client.query(this.options.sharedSession ? { text: sql, values: params } : { name, text: sql, values: params });
    return res.rows;
  }

  /**
   * A query of the enclosing scope, prepared once per connection under a name derived from its text
   * (so each distinct text, e.g. each filter combination, is parsed and planned once). For the
   * statements every search runs.
   */
  preparedQuery<T>(sql: string, params: unknown[]): Promise<T[]> {
    return this.prepared<T>(`ctxvault_${createHash('sha256').update(sql).digest('hex').slice(0, 24)}`, sql, params);
  }

  /**
   * A statement of the enclosing scope sent in the simple protocol (no parameters: values inlined
   * with sqlLiteral), in the same message as the transaction's BEGIN and settings when it is the
   * first statement of the unit of work: one round trip for both. For the first read of a request.
   */
  async readFirst<T>(sql: string): Promise<T[]> {
    const scope = this.scopes.getStore();
    if (!scope) throw new Error('readFirst needs an open transaction');
    const client = (scope.manager.queryRunner as unknown as { databaseConnection: { query(text: string): Promise<{ rows: T[] } | Array<{ rows: T[] }>> } }).databaseConnection;
    const head = scope.takeOpening();
    const res = await client.query(head === null ? sql : `${head}; ${sql}`);
    return Array.isArray(res) ? res[res.length - 1].rows : res.rows;
  }

  /** Tenant of the enclosing tenant scope. */
  tenantId(): string {
    const scope = this.scopes.getStore();
    if (!scope || scope.kind !== 'tenant' || !scope.tenantId) throw new Error('no tenant transaction is open');
    return scope.tenantId;
  }

  inScope(): boolean {
    return this.scopes.getStore() !== undefined;
  }

  private assertNoScope(kind: ScopeKind): void {
    const outer = this.scopes.getStore();
    if (outer) throw new Error(`nested ${outer.kind} scope cannot open a ${kind} scope`);
  }

  /**
   * A write that is part of the enclosing transaction but sent with its COMMIT, in the same round
   * trip (simple protocol: the statement takes no parameters, its values inlined with sqlLiteral).
   * If it fails, the transaction rolls back and the unit of work fails. For the last write of a unit
   * of work whose result nothing reads (the read record of a search).
   */
  withCommit(sql: string): void {
    const scope = this.scopes.getStore();
    if (!scope) throw new Error('withCommit needs an open transaction');
    scope.atCommit.push(sql);
  }

  /** Whether the enclosing transaction holds writes waiting for its COMMIT (see withCommit). */
  hasWritesAtCommit(): boolean {
    return (this.scopes.getStore()?.atCommit.length ?? 0) > 0;
  }

  /** Runs fn once the enclosing transaction has committed (never if it rolls back). */
  afterCommit(fn: () => unknown): void {
    const scope = this.scopes.getStore();
    if (!scope) throw new Error('afterCommit needs an open transaction');
    scope.afterCommit.push(fn);
  }

  /** The statements that set a scope: its settings and the statement timeout, local to the transaction (and the service role when assumed). */
  private prelude(settings: Record<string, string>): string {
    const all: Record<string, string> = { statement_timeout: String(this.options.statementTimeoutMs), ...settings };
    const sets = Object.entries(all)
      .map(([k, v]) => `set_config(${sqlLiteral(k)}, ${sqlLiteral(v)}, true)`)
      .join(', ');
    return `SELECT ${sets}${this.options.assumeAppRole ? `; SET LOCAL ROLE ${APP_ROLE}` : ''}`;
  }

  private async transaction<T>(
    scope: Omit<Scope, 'manager' | 'afterCommit' | 'atCommit' | 'takeOpening' | 'open'>,
    settings: Record<string, string>,
    fn: (manager: EntityManager) => Promise<T>,
  ): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    let broken: Error | undefined;
    let open = false;
    // BEGIN and the transaction-local settings (simple protocol, so the values are inlined as
    // literals; they are UUIDs, fixed words and key prefixes, quoted anyway) are not sent on their
    // own: they go ahead of the unit of work's first statement, in the same message when that
    // statement is sent with readFirst, or just before it otherwise. Every statement of the unit of
    // work goes through the runner or `prepared`, both of which send the opening first.
    let opening: string | null = `BEGIN; ${this.prelude(settings)}`;
    const send = runner.query.bind(runner);
    const takeOpening = () => {
      const sql = opening;
      opening = null;
      if (sql !== null) open = true;
      return sql;
    };
    // Statements started together wait for the same opening: none may reach the connection before it.
    let opened: Promise<unknown> | null = null;
    const sendOpening = async () => {
      if (opened === null) {
        const sql = takeOpening();
        opened = sql === null ? Promise.resolve() : send(sql);
      }
      await opened;
    };
    runner.query = (async (...args: Parameters<typeof runner.query>) => {
      await sendOpening();
      return send(...args);
    }) as typeof runner.query;
    try {
      const afterCommit: Array<() => unknown> = [];
      const atCommit: string[] = [];
      const result = await this.scopes.run({ ...scope, manager: runner.manager, afterCommit, atCommit, takeOpening, open: sendOpening }, () => fn(runner.manager));
      // A failing statement before COMMIT skips the COMMIT: the transaction is rolled back below. A
      // unit of work that sent nothing and has nothing to write sends nothing.
      if (opening === null || atCommit.length) {
        const head = takeOpening();
        await send([...(head !== null ? [head] : []), ...atCommit, 'COMMIT'].join('; '));
      }
      open = false;
      for (const hook of afterCommit) {
        try {
          await hook();
        } catch (e) {
          log.warn('after-commit hook failed', { error: (e as Error).message });
        }
      }
      return result;
    } catch (err) {
      if (open) {
        try {
          await send('ROLLBACK');
        } catch (rollbackErr) {
          broken = rollbackErr as Error;
        }
      }
      throw err;
    } finally {
      // A connection whose rollback failed is discarded by the pool, never reused.
      await (runner as unknown as { releasePostgresConnection(e?: Error): Promise<void> }).releasePostgresConnection(broken);
    }
  }
}

/**
 * A SQL string literal that reads the same whatever standard_conforming_strings is set to: quotes
 * doubled, and a value with backslashes written as an escape string (E'…') with them doubled.
 */
export function sqlLiteral(value: string): string {
  if (value.includes('\u0000')) throw new ValidationError('values sent to the database cannot contain NUL characters');
  const quoted = "'" + value.replace(/'/g, "''") + "'";
  return value.includes('\\') ? 'E' + quoted.replace(/\\/g, '\\\\') : quoted;
}

function scopeMethod(kind: ScopeKind): string {
  return { tenant: 'inTenant', platform: 'asPlatform', 'key-lookup': 'readOnce', 'source-route': 'forSourceRoute', system: 'system' }[kind];
}

/** A whole number as an SQL literal; refuses anything else. */
export function sqlInteger(n: number): string {
  if (!Number.isSafeInteger(n)) throw new Error(`${n} is not a whole number`);
  return String(n);
}

/** Bytes as an SQL bytea expression (hex, so it reads the same whatever the string settings). */
export function sqlBytes(b: Uint8Array): string {
  return `decode('${Buffer.from(b).toString('hex')}', 'hex')`;
}
