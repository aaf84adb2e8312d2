import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openSqlite } from "../../src/adapters/storage/sqlite.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function openTemp() {
  const dir = mkdtempSync(join(tmpdir(), "pharmagate-group-commit-"));
  dirs.push(dir);
  const filename = join(dir, "db.sqlite");
  const db = openSqlite(filename);
  db.raw.exec("CREATE TABLE doc (id TEXT PRIMARY KEY, n INTEGER NOT NULL)");
  return { db, filename };
}

const insert = (id: string, n = 1) => ({ sql: "INSERT INTO doc (id, n) VALUES (?, ?) RETURNING id, n", params: [id, n] });
const count = async (db: ReturnType<typeof openTemp>["db"]) => (await db.first<{ c: number }>("SELECT COUNT(*) AS c FROM doc"))?.c;

describe("SQLite group commit", () => {
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

  it("settles a batch only once it is committed, visible to another connection", async () => {
    const { db, filename } = openTemp();
    await db.batch([insert("durable")]);
    const other = openSqlite(filename, { groupCommit: false });
    try {
      expect(await other.first("SELECT id FROM doc WHERE id = ?", ["durable"])).toEqual({ id: "durable" });
    } finally {
      other.close();
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
      reopened.close();
    }
  });
});
