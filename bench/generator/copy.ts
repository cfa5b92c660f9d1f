// Bulk loading for the generator: COPY on both engines. PostgreSQL gets COPY … FROM STDIN through
// pg-copy-streams on a connection of its own; PGlite gets COPY … FROM '/dev/blob' with the rows
// as a Blob (PGlite's way of feeding COPY), on the Kysely connection it already has. Either way the
// whole load is one transaction.
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Db } from '../../src/platform/db/database.js';

export interface CopyTarget {
  /** Runs one statement (no parameters, no result). */
  exec(statement: string): Promise<void>;
  /** Loads rows (COPY text format, one line each, ending in a newline) into table(columns). */
  copy(table: string, columns: readonly string[], lines: string): Promise<void>;
}

type Cell = string | number | boolean | Date | null | undefined;

/** One row in COPY's text format: tab-separated, \N for null, backslash, tab and newlines escaped. */
export function copyLine(cells: readonly Cell[]): string {
  let line = '';
  for (let i = 0; i < cells.length; i++) {
    const v = cells[i];
    if (i > 0) line += '\t';
    if (v === null || v === undefined) line += '\\N';
    else if (v instanceof Date) line += v.toISOString();
    else if (typeof v === 'boolean') line += v ? 't' : 'f';
    else if (typeof v === 'number') line += String(v);
    else line += /[\\\t\n\r]/.test(v) ? v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r') : v;
  }
  return `${line}\n`;
}

const copyStatement = (table: string, columns: readonly string[], source: string): string =>
  `COPY ${table} (${columns.join(', ')}) FROM ${source}`;

/** Runs `load` in one transaction on a PostgreSQL connection of its own (COPY needs the raw client). */
export async function withPostgresCopy<T>(url: string, load: (target: CopyTarget) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('BEGIN');
    const result = await load({
      exec: async (statement) => void (await client.query(statement)),
      copy: async (table, columns, lines) => {
        const stream = client.query(copyFrom(copyStatement(table, columns, 'STDIN')));
        await pipeline(Readable.from([lines]), stream);
      },
    });
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}

/**
 * Runs `load` in one transaction on PGlite, holding Kysely's only connection so nothing else runs
 * in between. The PGlite instance is the connection's `client` (kysely-pglite-dialect 1.3).
 */
export async function withPgliteCopy<T>(db: Db, load: (target: CopyTarget) => Promise<T>): Promise<T> {
  return db.getExecutor().provideConnection(async (connection) => {
    const pglite = (connection as unknown as { client?: PGlite }).client;
    if (!pglite || typeof pglite.query !== 'function') throw new Error('withPgliteCopy: not a PGlite connection (kysely-pglite-dialect changed?)');
    await pglite.exec('BEGIN');
    try {
      const result = await load({
        exec: async (statement) => void (await pglite.exec(statement)),
        copy: async (table, columns, lines) => void (await pglite.query(copyStatement(table, columns, "'/dev/blob'"), [], { blob: new Blob([lines]) })),
      });
      await pglite.exec('COMMIT');
      return result;
    } catch (error) {
      await pglite.exec('ROLLBACK').catch(() => undefined);
      throw error;
    }
  });
}
