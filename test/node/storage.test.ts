import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { migrationsDir, openNodeDeps } from "../../src/adapters/node/deps.js";
import { applyMigrations } from "../../src/adapters/storage/migrate.js";
import { openSqlite } from "../../src/adapters/storage/sqlite.js";
import { silentLogger } from "../../src/adapters/console-logger.js";

const dirs: string[] = [];
const tempFile = () => {
  const dir = mkdtempSync(join(tmpdir(), "pharmagate-storage-"));
  dirs.push(dir);
  return join(dir, "test.sqlite");
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("SQLite storage adapter", () => {
  it("applies every migration once and records it; a second run is a no-op", () => {
    const db = openSqlite(tempFile());
    const first = applyMigrations(db.raw, migrationsDir);
    expect(first[0]).toBe("0001_initial.sql");
    expect(applyMigrations(db.raw, migrationsDir)).toEqual([]);
    const recorded = db.raw.prepare("SELECT name FROM d1_migrations ORDER BY id").all();
    expect(recorded).toEqual(first.map((name) => ({ name })));
    db.close();
  });

  it("runs in WAL mode with full sync, so a 201 has reached the disk", () => {
    const db = openSqlite(tempFile());
    expect(db.raw.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(db.raw.pragma("synchronous", { simple: true })).toBe(2);
    db.close();
  });

  it("commits a batch all or nothing", async () => {
    const db = openSqlite(tempFile());
    applyMigrations(db.raw, migrationsDir);
    const now = new Date().toISOString();
    const insert = (nihii: string) => ({ sql: "INSERT INTO pharmacies (nihii, name, created_at) VALUES (?, ?, ?)", params: [nihii, "P", now] });
    // The second statement violates the primary key: the first must not survive.
    await expect(db.batch([insert("31410182"), insert("31410182")])).rejects.toThrow(/UNIQUE/);
    expect(await db.first("SELECT nihii FROM pharmacies")).toBeNull();
    await db.batch([insert("31410182"), insert("27456740")]);
    expect(await db.all("SELECT nihii FROM pharmacies ORDER BY nihii")).toEqual([{ nihii: "27456740" }, { nihii: "31410182" }]);
    db.close();
  });

  it("reads rows as arrays in the SELECT's column order, beside `all` on the same SQL", async () => {
    const db = openSqlite(tempFile());
    applyMigrations(db.raw, migrationsDir);
    await db.run("INSERT INTO pharmacies (nihii, name, created_at) VALUES ('31410182', 'P', 'x'), ('27456740', 'Q', 'y')");
    const sql = "SELECT name, created_at, nihii FROM pharmacies WHERE nihii > ? ORDER BY nihii";
    expect(await db.values!(sql, ["0"])).toEqual([["Q", "y", "27456740"], ["P", "x", "31410182"]]);
    // The cached statement `all` uses still answers objects.
    expect(await db.all(sql, ["30000000"])).toEqual([{ name: "P", created_at: "x", nihii: "31410182" }]);
    expect(await db.values!(sql, ["30000000"])).toEqual([["P", "x", "31410182"]]);
    db.close();
  });

  it("keeps its data across a reopen", async () => {
    const file = tempFile();
    const first = await openNodeDeps({ filename: file, issuer: "test", logger: silentLogger });
    await first.deps.db.run("INSERT INTO pharmacies (nihii, name, created_at) VALUES ('31410182', 'P', 'x')");
    await first.close();
    const second = await openNodeDeps({ filename: file, issuer: "test", logger: silentLogger });
    expect(await second.deps.db.first("SELECT name FROM pharmacies WHERE nihii = '31410182'")).toEqual({ name: "P" });
    await second.close();
  });
});
