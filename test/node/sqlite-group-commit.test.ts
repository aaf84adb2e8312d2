import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openSqlite } from "../../src/adapters/storage/sqlite.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function openTempIn(writerThread: boolean) {
  const dir = mkdtempSync(join(tmpdir(), "pharmagate-group-commit-"));
  dirs.push(dir);
  const filename = join(dir, "db.sqlite");
  const db = openSqlite(filename, { writerThread });
  db.raw.exec("CREATE TABLE doc (id TEXT PRIMARY KEY, n INTEGER NOT NULL)");
  return { db, filename };
}

const insert = (id: string, n = 1) => ({ sql: "INSERT INTO doc (id, n) VALUES (?, ?) RETURNING id, n", params: [id, n] });
const count = async (db: ReturnType<typeof openTempIn>["db"]) => (await db.first<{ c: number }>("SELECT COUNT(*) AS c FROM doc"))?.c;

// Both ways of committing keep the same promises: in this thread, and in the writer thread (the server's).
describe.each([
  ["in the request thread", false],
  ["in the writer thread", true],
])("SQLite group commit %s", (_, writerThread) => {
  const openTemp = () => openTempIn(writerThread);
  it("commits concurrent batches together and answers each with its own results", async () => {
    const { db } = openTemp();
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => db.batch<{ id: string; n: number }>([insert(`d${i}`, i)])));
    expect(results.map((result) => result[0]?.rows[0])).toEqual(Array.from({ length: 50 }, (_, i) => ({ id: `d${i}`, n: i })));
    expect(await count(db)).toBe(50);
  });

  it("rolls back a failing batch alone, whole, while its neighbours in the group commit", async () => {
    const { db } = openTemp();
    await db.batch([insert("taken")]);
    const outcomes = await Promise.allSettled([
      db.batch([insert("a")]),
      db.batch([insert("b1"), insert("taken")]), // second statement violates the primary key
      db.batch([insert("c")]),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect((outcomes[1] as PromiseRejectedResult).reason).toMatchObject({ code: "SQLITE_CONSTRAINT_PRIMARYKEY" });
    const ids = (await db.all<{ id: string }>("SELECT id FROM doc ORDER BY id")).map((row) => row.id);
    expect(ids).toEqual(["a", "c", "taken"]); // b1 went back with its failing batch
  });

  it("rolls back a failing batch alone in its group (no savepoint), whole, and commits the next one", async () => {
    const { db } = openTemp();
    await db.batch([insert("taken")]);
    await expect(db.batch([insert("b1"), insert("taken")])).rejects.toMatchObject({ code: "SQLITE_CONSTRAINT_PRIMARYKEY" });
    await db.batch([insert("c")]);
    const ids = (await db.all<{ id: string }>("SELECT id FROM doc ORDER BY id")).map((row) => row.id);
    expect(ids).toEqual(["c", "taken"]);
  });

  it("settles a batch only once it is committed, visible to another connection", async () => {
    const { db, filename } = openTemp();
    await db.batch([insert("durable")]);
    const other = openSqlite(filename, { groupCommit: false });
    try {
      expect(await other.first("SELECT id FROM doc WHERE id = ?", ["durable"])).toEqual({ id: "durable" });
    } finally {
      await other.close();
    }
  });

  it("writes what is pending when the database is closed", async () => {
    const { db, filename } = openTemp();
    const write = db.batch([insert("late")]);
    db.close();
    await write;
    const reopened = openSqlite(filename);
    try {
      expect(await count(reopened)).toBe(1);
    } finally {
      await reopened.close();
    }
  });

  it("answers writing statements sent through all, first and run, and reads its own committed writes", async () => {
    const { db } = openTemp();
    expect(await db.first("INSERT INTO doc (id, n) VALUES ('x', 1) RETURNING n")).toEqual({ n: 1 });
    expect(await db.all("UPDATE doc SET n = n + 1 RETURNING id, n")).toEqual([{ id: "x", n: 2 }]);
    expect(await db.run("DELETE FROM doc WHERE id = ?", ["x"])).toEqual({ changes: 1 });
    expect(await count(db)).toBe(0);
    await db.close();
  });

  it("answers a batch of reads from one snapshot without taking the write lock", async () => {
    const { db, filename } = openTemp();
    await db.batch([insert("a"), insert("b")]);
    const other = openSqlite(filename);
    other.raw.exec("BEGIN IMMEDIATE"); // another writer holds the lock; reads must not wait for it
    try {
      const [rows, total] = await db.batch<{ id?: string; c?: number }>([
        { sql: "SELECT id FROM doc ORDER BY id", params: [] },
        { sql: "SELECT COUNT(*) AS c FROM doc", params: [] },
      ]);
      expect([rows?.rows, total?.rows]).toEqual([[{ id: "a" }, { id: "b" }], [{ c: 2 }]]);
    } finally {
      other.raw.exec("ROLLBACK");
      await other.close();
      await db.close();
    }
  });
});
