import BetterSqlite3 from "better-sqlite3";
import type { Database, SqlValue, Statement } from "../../gateway/ports.js";

type Prepared = BetterSqlite3.Statement<unknown[], unknown>;

/**
 * better-sqlite3 behind the async `Database` port. Statements are prepared once and cached by
 * their SQL text; the connection runs in WAL mode with a busy timeout so a second process (the
 * CLI) can share the file.
 */
export function openSqlite(filename: string): Database & { close(): void; raw: BetterSqlite3.Database } {
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
      return inTransaction.immediate(statements) as Array<{ rows: Row[]; changes: number }>;
    },
    close: () => db.close(),
  };
}
