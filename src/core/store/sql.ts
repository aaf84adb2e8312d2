import type { Database, RunResult, Statement } from "../ports.js";

/**
 * D1 binds at most 100 parameters per statement and runs at most 1,000 statements (a batch's
 * statements each count) per Worker invocation: https://developers.cloudflare.com/d1/platform/limits/
 */
export const maxBoundParameters = 100;

/** `items` in chunks whose statements bind at most `maxBoundParameters`: `perItem` each, plus `fixed` per statement. */
export function chunksWithinParameters<T>(items: readonly T[], perItem: number, fixed = 0): T[][] {
  const size = Math.max(1, Math.floor((maxBoundParameters - fixed) / perItem));
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}

/** `?, ?, ?` for `count` bound parameters. */
export const placeholders = (count: number): string => Array.from({ length: count }, () => "?").join(", ");

/** Runs one prepared statement. */
export const run = (db: Database, statement: Statement): Promise<RunResult> => db.run(statement.sql, statement.params);

type BatchResult<Row> = { rows: Row[]; changes: number };

/**
 * Runs named statements (or lists of them) as ONE atomic batch and answers each name's result, so
 * callers read `results.claim.rows` instead of counting positions. A list answers its last
 * statement's result.
 *
 * A write of many rows that only ever runs inside a batch says `OR FAIL` (`UPDATE OR FAIL …`): the
 * batch is all or nothing (one D1 batch; one transaction or savepoint on SQLite), so a statement
 * that fails halfway is undone with it anyway. With the default `ABORT`, SQLite first copies every
 * page such a statement changes to a statement journal, to undo that statement alone; past 64 KiB
 * the journal is a temporary file (an export's claim or ack changes hundreds of pages).
 */
export async function namedBatch<Name extends string, Row = unknown>(
  db: Database,
  statements: ReadonlyArray<readonly [Name, Statement | readonly Statement[]]>,
): Promise<Record<Name, BatchResult<Row>>> {
  const flat: Statement[] = [];
  const lastIndex = new Map<Name, number>();
  for (const [name, entry] of statements) {
    const list = Array.isArray(entry) ? (entry as readonly Statement[]) : [entry as Statement];
    flat.push(...list);
    lastIndex.set(name, flat.length - 1);
  }
  const results = await db.batch<Row>(flat);
  const named = {} as Record<Name, BatchResult<Row>>;
  for (const [name, index] of lastIndex) named[name] = results[index] ?? { rows: [], changes: 0 };
  return named;
}
