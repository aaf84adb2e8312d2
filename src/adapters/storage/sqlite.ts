import { Worker } from "node:worker_threads";
import type BetterSqlite3 from "better-sqlite3";
import type { Database, SqlValue, Statement } from "../../core/ports.js";
import { bind, openConnection, type BatchOutcome, type BatchResults } from "./sqlite-connection.js";
import { reviveError, type FromWriter, type ToWriter } from "./sqlite-writer-protocol.js";

export interface SqliteOptions {
  /**
   * Group commit (default on): batches requested in the same turn of the event loop (and, with the
   * writer thread, while the previous group is being committed) commit in one transaction, each
   * inside its own savepoint, so N concurrent requests cost one fsync instead of N while each batch
   * stays all-or-nothing on its own. Every caller's promise settles only after the shared COMMIT,
   * so a 201 still means "on disk". Off = one transaction per batch.
   */
  groupCommit?: boolean;
  /**
   * Commit writes in a worker thread with its own connection (default off; file databases only,
   * `:memory:` always commits in-thread). The request thread keeps its connection for reads (WAL
   * lets them run beside a commit) and is free while the writer waits for the disk.
   */
  writerThread?: boolean;
}

export type SqliteDatabase = Database & {
  /** Commits what is pending, stops the writer thread (if any), closes the connection. */
  close(): Promise<void>;
  raw: BetterSqlite3.Database;
};

/** Commits groups of batches; the writer thread or this thread's own connection. */
interface Committer {
  commit(batches: ReadonlyArray<readonly Statement[]>): Promise<BatchOutcome[]>;
  close(): Promise<void>;
}

interface PendingBatch {
  statements: readonly Statement[];
  resolve(results: BatchResults): void;
  reject(error: unknown): void;
}

/**
 * better-sqlite3 behind the async `Database` port. The connection runs in WAL mode with a busy
 * timeout so a second process (the CLI) can share the file.
 */
export function openSqlite(filename: string, options: SqliteOptions = {}): SqliteDatabase {
  const connection = openConnection(filename);
  const { db, prepare } = connection;
  const threaded = options.writerThread === true && filename !== ":memory:";
  let writerThread: Committer | null = null;
  // Started at the first write, so migrations (run on `raw` right after opening) never meet it.
  const committer = (): Committer => {
    if (!threaded) return { commit: async (batches) => connection.commitGroup(batches), close: async () => {} };
    // A thread that died (its in-flight groups were rejected: a retry with the same document id is
    // answered from whatever did commit) is replaced at the next write.
    writerThread ??= startWriterThread(filename, (stopped) => {
      if (writerThread === stopped) writerThread = null;
    });
    return writerThread;
  };

  let pending: PendingBatch[] = [];
  let inFlight = false;
  let scheduled = false;
  const drained: Array<() => void> = [];
  const schedule = () => {
    if (scheduled || inFlight) return;
    if (pending.length === 0) {
      for (const done of drained.splice(0)) done();
      return;
    }
    scheduled = true;
    setImmediate(flush);
  };
  // One group in flight at a time: what arrives meanwhile waits and goes as the next group.
  const flush = () => {
    scheduled = false;
    const size = options.groupCommit === false ? 1 : pending.length;
    const group = pending.splice(0, size);
    if (group.length === 0) return schedule();
    inFlight = true;
    committer()
      .commit(group.map((item) => item.statements))
      .then(
        (outcomes) => outcomes.forEach((outcome, index) => ("error" in outcome ? group[index]!.reject(outcome.error) : group[index]!.resolve(outcome.results))),
        // BEGIN or COMMIT itself failed (disk full, busy past the timeout): nothing of the group is stored.
        (error: unknown) => group.forEach((item) => item.reject(error)),
      )
      .finally(() => {
        inFlight = false;
        schedule();
      });
  };
  const write = (statements: readonly Statement[]) =>
    new Promise<BatchResults>((resolve, reject) => {
      pending.push({ statements, resolve, reject });
      schedule();
    });
  const isRead = (sql: string) => prepare(sql).readonly;
  // Their own statements: `raw` is a mode of the statement, and `all` shares the cached one.
  const arrayReads = new Map<string, BetterSqlite3.Statement<unknown[], unknown[]>>();
  const arrayRead = (sql: string) => {
    let statement = arrayReads.get(sql);
    if (!statement) {
      statement = db.prepare<unknown[], unknown[]>(sql).raw(true);
      arrayReads.set(sql, statement);
    }
    return statement;
  };

  return {
    kind: "sqlite",
    raw: db,
    async all<Row>(sql: string, params?: readonly SqlValue[]) {
      if (threaded && !isRead(sql)) return (await write([{ sql, params: params ?? [] }]))[0]!.rows as Row[];
      return prepare(sql).all(...bind(params)) as Row[];
    },
    async values<Row extends readonly unknown[]>(sql: string, params?: readonly SqlValue[]) {
      return arrayRead(sql).all(...bind(params)) as unknown as Row[];
    },
    async first<Row>(sql: string, params?: readonly SqlValue[]) {
      if (threaded && !isRead(sql)) return ((await write([{ sql, params: params ?? [] }]))[0]!.rows[0] as Row | undefined) ?? null;
      return (prepare(sql).get(...bind(params)) as Row | undefined) ?? null;
    },
    async run(sql: string, params?: readonly SqlValue[]) {
      if (threaded) return { changes: (await write([{ sql, params: params ?? [] }]))[0]!.changes };
      return { changes: prepare(sql).run(...bind(params)).changes };
    },
    async batch<Row>(statements: readonly Statement[]) {
      // Reads only: one snapshot on this thread, no write lock, no trip to the writer.
      if (statements.every((statement) => isRead(statement.sql))) return connection.readTogether(statements) as Array<{ rows: Row[]; changes: number }>;
      if (!threaded && options.groupCommit === false) return connection.commitOne(statements) as Array<{ rows: Row[]; changes: number }>;
      return (await write(statements)) as Array<{ rows: Row[]; changes: number }>;
    },
    async close() {
      if (pending.length > 0 || inFlight || scheduled) await new Promise<void>((resolve) => drained.push(resolve));
      await writerThread?.close();
      db.close();
    },
  };
}

/**
 * The writer thread (sqlite-writer-thread.ts). Under tsx (the TypeScript entries, vitest) the
 * thread registers tsx itself first: Node 20 does not hand a parent's module hooks to a worker.
 */
function startWriterThread(filename: string, onDeath: (committer: Committer) => void): Committer {
  const typescript = import.meta.url.endsWith(".ts");
  const entry = new URL(`./sqlite-writer-thread.${typescript ? "ts" : "js"}`, import.meta.url).href;
  const worker = typescript
    ? new Worker(`import(${JSON.stringify(import.meta.resolve("tsx/esm/api"))}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); })`, {
        eval: true,
        workerData: { filename },
      })
    : new Worker(new URL(entry), { workerData: { filename } });
  let nextId = 1;
  const sqlNumbers = new Map<string, number>();
  const waiting = new Map<number, { resolve(outcomes: BatchOutcome[]): void; reject(error: unknown): void }>();
  let broken: Error | null = null;
  let closing = false;
  const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
  const failAll = (error: Error) => {
    broken ??= error;
    for (const { reject } of waiting.values()) reject(broken);
    waiting.clear();
  };
  worker.on("message", (message: FromWriter) => {
    // The thread's module loader (tsx) may keep it alive after its last message.
    if (message.kind === "closed") return void worker.terminate();
    const entry = waiting.get(message.id);
    waiting.delete(message.id);
    // An idle writer must not keep the process alive; one with work in flight must.
    if (waiting.size === 0) worker.unref();
    if (!entry) return;
    if ("failed" in message) return entry.reject(reviveError(message.failed));
    entry.resolve(message.outcomes.map((outcome) => ("error" in outcome ? { error: reviveError(outcome.error) } : outcome)));
  });
  worker.on("error", (error) => failAll(error));
  worker.on("exit", (code) => {
    if (!closing || waiting.size > 0) failAll(new Error(`the SQLite writer thread stopped (exit code ${code})`));
    if (!closing) onDeath(committer);
  });
  worker.unref();
  const post = (message: ToWriter) => worker.postMessage(message);
  const committer: Committer = {
    commit(batches) {
      if (broken) return Promise.reject(broken);
      const id = nextId++;
      worker.ref();
      const sql: Array<[number, string]> = [];
      const numbered = batches.map((batch) =>
        batch.map((statement): [number, readonly SqlValue[]] => {
          let number = sqlNumbers.get(statement.sql);
          if (number === undefined) {
            number = sqlNumbers.size;
            sqlNumbers.set(statement.sql, number);
            sql.push([number, statement.sql]);
          }
          return [number, statement.params];
        }),
      );
      return new Promise<BatchOutcome[]>((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        post({ kind: "group", id, sql, batches: numbered });
      });
    },
    async close() {
      if (closing) return exited;
      closing = true;
      if (!broken) {
        worker.ref();
        post({ kind: "close" });
      }
      await exited;
    },
  };
  return committer;
}
