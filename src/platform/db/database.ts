// Opens the database: embedded PGlite in DATA_DIR by default, or a PostgreSQL server when
// DATABASE_URL is set. Both speak the same SQL through the same Kysely schema.
import path from 'node:path';
import { PGlite, types as pgliteTypes } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import { lockDataDir } from './lock.js';
import type { Schema } from './schema.js';

export type Db = Kysely<Schema>;

export interface Database {
  db: Db;
  engine: 'pglite' | 'postgres';
  close(): Promise<void>;
}

export interface PgliteDatabase extends Database {
  /** The whole data folder as a tarball: tests start each file from a migrated copy. */
  dumpPglite(): Promise<Blob>;
}

export class DatabaseUnavailableError extends Error {}

// bigint columns (ids, counts) come back as strings on both engines, as node-postgres does by default,
// so code never sees a number on one engine and a string on the other.
const pgliteParsers = { [pgliteTypes.INT8]: (value: string) => value };

export interface PgliteOptions {
  /** A folder for the data; undefined keeps it in memory (tests). */
  dataDir?: string;
  /** A dump from PGlite.dumpDataDir() to start from (tests start from a migrated template). */
  loadDataDir?: Blob;
}

export async function openPglite(options: PgliteOptions = {}): Promise<PgliteDatabase> {
  const lock = options.dataDir ? lockDataDir(options.dataDir) : undefined;
  try {
    const pglite = new PGlite({
      ...(options.dataDir ? { dataDir: path.join(options.dataDir, 'pgdata') } : {}),
      ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
      extensions: { pg_trgm },
      parsers: pgliteParsers,
    });
    await pglite.waitReady;
    const db = new Kysely<Schema>({ dialect: new PGliteDialect(pglite) });
    return {
      db,
      engine: 'pglite',
      dumpPglite: () => pglite.dumpDataDir('none'),
      close: async () => {
        await db.destroy();
        lock?.release();
      },
    };
  } catch (error) {
    lock?.release();
    throw error;
  }
}

/** Told, one line's worth, when PostgreSQL drops a connection (a restart, a failover, an idle timeout). */
export type ConnectionLost = (message: string) => void;

/** Errors that mean the database is away for now, not that the query was wrong: the app answers 503 for them. */
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', '57P01', '57P02', '57P03']);
const UNAVAILABLE_MESSAGES = /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Cannot use a pool after calling end)/;

export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  // Class 08 is PostgreSQL's "connection exception".
  if (typeof code === 'string' && (UNAVAILABLE_CODES.has(code) || code.startsWith('08'))) return true;
  return UNAVAILABLE_MESSAGES.test(error.message);
}

/**
 * A pg client emits 'error' when its server goes away, idle in the pool or lent to a query alike; with
 * no listener Node ends the process. Listen on every client, and tell onLost once per connection.
 * The pool drops a broken client on release, so the next query opens a fresh connection by itself.
 */
function survivePostgresDisconnects(pool: pg.Pool, onLost: ConnectionLost): void {
  // The pool re-emits an idle client's error: the client's own listener below has already told of it.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => {
    let told = false;
    client.on('error', (error) => {
      if (told) return;
      told = true;
      onLost(`database connection lost: ${error.message}`);
    });
  });
}

export async function openPostgres(url: string, poolSize = 10, onConnectionLost: ConnectionLost = (m) => console.error(m)): Promise<Database> {
  // JIT off: it pays off for long analytical queries, and CharterDesk's reports are many short
  // ones whose estimates cross the JIT threshold (a quarter's open cases spent half of its 1–2 s
  // compiling). A server's own setting for other clients is left alone.
  const pool = new pg.Pool({ connectionString: url, max: poolSize, connectionTimeoutMillis: 5000, options: '-c jit=off' });
  survivePostgresDisconnects(pool, onConnectionLost);
  const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
  try {
    await sql`SELECT 1`.execute(db);
  } catch (error) {
    await db.destroy();
    const where = new URL(url);
    throw new DatabaseUnavailableError(
      `Cannot connect to PostgreSQL at ${where.hostname}:${where.port || 5432}${where.pathname}: ${(error as Error).message}`,
    );
  }
  return { db, engine: 'postgres', close: () => db.destroy() };
}

export function openDatabase(config: { databaseUrl: string | undefined; dataDir: string }, onConnectionLost?: ConnectionLost): Promise<Database> {
  return config.databaseUrl ? openPostgres(config.databaseUrl, 10, onConnectionLost) : openPglite({ dataDir: config.dataDir });
}

/** True when the database answers a trivial query: what /health reports. */
export async function databaseAnswers(db: Db): Promise<boolean> {
  try {
    await sql`SELECT 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}

/** Runs fn in a transaction, joining the caller's if there is one, so services compose. */
export function inTransaction<T>(db: Db, fn: (trx: Db) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db) : db.transaction().execute(fn);
}
