import BetterSqlite3 from "better-sqlite3";
import type { SqlValue, Statement } from "../../core/ports.js";

export type Prepared = BetterSqlite3.Statement<unknown[], unknown>;
export type BatchResults = Array<{ rows: unknown[]; changes: number }>;
/** One batch of a group: its results, or the error that rolled back its savepoint. */
export type BatchOutcome = { results: BatchResults } | { error: unknown };

/**
 * A better-sqlite3 connection as every pharmagate connection is opened (the request thread's and
 * the writer thread's alike), with statements prepared once and cached by their SQL text.
 */
export function openConnection(filename: string) {
  const db = new BetterSqlite3(filename);
  db.pragma("journal_mode = WAL");
  // FULL: a 201 promises durability, so every commit reaches the disk even if the OS dies.
  db.pragma("synchronous = FULL");
  db.pragma("busy_timeout = 5000");
  db.pragma("foreign_keys = ON");
  db.defaultSafeIntegers(false);

  const cache = new Map<string, Prepared>();
  const prepare = (sql: string): Prepared => {
    let statement = cache.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      cache.set(sql, statement);
    }
    return statement;
  };
  const execute = (statement: Statement) => {
    const prepared = prepare(statement.sql);
    if (prepared.reader) return { rows: prepared.all(...bind(statement.params)), changes: 0 };
    return { rows: [], changes: prepared.run(...bind(statement.params)).changes };
  };
  const inTransaction = db.transaction((statements: readonly Statement[]): BatchResults => statements.map(execute));
  const outcomeOf = (commit: () => BatchResults): BatchOutcome => {
    try {
      return { results: commit() };
    } catch (error) {
      return { error };
    }
  };
  // Group commit: nested better-sqlite3 transactions are savepoints, so one failing batch rolls
  // back alone and the others of its group still commit.
  const group = db.transaction((batches: ReadonlyArray<readonly Statement[]>): BatchOutcome[] =>
    batches.map((statements) => outcomeOf(() => inTransaction(statements))),
  );
  return {
    db,
    prepare,
    /** One batch in its own `BEGIN IMMEDIATE … COMMIT`. */
    commitOne: (statements: readonly Statement[]): BatchResults => inTransaction.immediate(statements),
    /** Read-only statements in one deferred transaction: one consistent snapshot, no write lock. */
    readTogether: (statements: readonly Statement[]): BatchResults => inTransaction.deferred(statements),
    /**
     * Several batches in one `BEGIN IMMEDIATE … COMMIT`, each in its own savepoint: one fsync for
     * all. Throws when BEGIN or COMMIT itself fails (nothing of the group is stored then). A group
     * of one batch runs without a savepoint, its failure (BEGIN and COMMIT included) being its
     * outcome: rolling back the transaction rolls back that batch alone, and a savepoint copies
     * every page the batch changes to a journal first (an export's lease or ack changes hundreds).
     */
    commitGroup: (batches: ReadonlyArray<readonly Statement[]>): BatchOutcome[] =>
      batches.length === 1 ? [outcomeOf(() => inTransaction.immediate(batches[0]!))] : group.immediate(batches),
  };
}

export const bind = (params: readonly SqlValue[] | undefined) => (params ?? []) as unknown[];
