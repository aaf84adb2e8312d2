import BetterSqlite3 from "better-sqlite3";
import type { Database, SqlValue, Statement } from "../../core/ports.js";

type Prepared = BetterSqlite3.Statement<unknown[], unknown>;

export interface SqliteOptions {
  /**
   * Group commit (default on): batches requested in the same turn of the event loop commit in one
   * transaction, each inside its own savepoint, so N concurrent requests cost one fsync instead of
   * N while each batch stays all-or-nothing on its own. Every caller's promise settles only after
   * the shared COMMIT, so a 201 still means "on disk". Off = one transaction per batch.
   */
  groupCommit?: boolean;
}

interface PendingBatch {
  statements: readonly Statement[];
  resolve(results: Array<{ rows: unknown[]; changes: number }>): void;
  reject(error: unknown): void;
}

/**
 * better-sqlite3 behind the async `Database` port. Statements are prepared once and cached by
 * their SQL text; the connection runs in WAL mode with a busy timeout so a second process (the
 * CLI) can share the file.
 */
export function openSqlite(filename: string, options: SqliteOptions = {}): Database & { close(): void; raw: BetterSqlite3.Database } {
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
  const bind = (params: readonly SqlValue[] | undefined) => (params ?? []) as unknown[];
  const execute = (statement: Statement) => {
    const prepared = prepare(statement.sql);
    if (prepared.reader) return { rows: prepared.all(...bind(statement.params)), changes: 0 };
    return { rows: [], changes: prepared.run(...bind(statement.params)).changes };
  };
  const inTransaction = db.transaction((statements: readonly Statement[]) => statements.map(execute));

  // Group commit: nested better-sqlite3 transactions are savepoints, so one failing batch rolls
  // back alone and the others of its group still commit.
  let pending: PendingBatch[] = [];
  const commitGroup = db.transaction((group: PendingBatch[]) =>
    group.map((item) => {
      try {
        return { item, results: inTransaction(item.statements) };
      } catch (error) {
        return { item, error };
      }
    }),
  );
  const flush = () => {
    const group = pending;
    pending = [];
    if (group.length === 0) return;
    let outcomes: ReturnType<typeof commitGroup>;
    try {
      outcomes = commitGroup.immediate(group);
    } catch (error) {
      // BEGIN or COMMIT itself failed (disk full, busy past the timeout): nothing of the group is stored.
      for (const item of group) item.reject(error);
      return;
    }
    for (const outcome of outcomes) {
      if ("error" in outcome) outcome.item.reject(outcome.error);
      else outcome.item.resolve(outcome.results);
    }
  };

  return {
    kind: "sqlite",
    raw: db,
    async all<Row>(sql: string, params?: readonly SqlValue[]) {
      return prepare(sql).all(...bind(params)) as Row[];
    },
    async first<Row>(sql: string, params?: readonly SqlValue[]) {
      return (prepare(sql).get(...bind(params)) as Row | undefined) ?? null;
    },
    async run(sql: string, params?: readonly SqlValue[]) {
      return { changes: prepare(sql).run(...bind(params)).changes };
    },
    async batch<Row>(statements: readonly Statement[]) {
      if (options.groupCommit === false) return inTransaction.immediate(statements) as Array<{ rows: Row[]; changes: number }>;
      return new Promise<Array<{ rows: Row[]; changes: number }>>((resolve, reject) => {
        if (pending.length === 0) setImmediate(flush);
        pending.push({ statements, resolve: resolve as PendingBatch["resolve"], reject });
      });
    },
    close: () => {
      flush();
      db.close();
    },
  };
}
