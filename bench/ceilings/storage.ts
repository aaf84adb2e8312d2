import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openSqlite } from "../../src/adapters/storage/sqlite.js";

/**
 * Durable single-document commits per second: one transaction per ~1 kB row through the product's
 * own SQLite adapter (WAL, synchronous=FULL, so every commit is fsynced), one writer, on the same
 * disk the product's DATA_DIR uses.
 */
export async function storageCeiling(durationMs: number, dir = tmpdir()): Promise<{ commitsPerSecond: number }> {
  const workDir = mkdtempSync(join(dir, "pharmagate-bench-storage-"));
  const db = openSqlite(join(workDir, "ceiling.sqlite"));
  try {
    db.raw.exec("CREATE TABLE doc (id TEXT PRIMARY KEY, body TEXT NOT NULL)");
    const body = "x".repeat(1024);
    let count = 0;
    const started = performance.now();
    while (performance.now() - started < durationMs) {
      await db.batch([{ sql: "INSERT INTO doc (id, body) VALUES (?, ?)", params: [crypto.randomUUID(), body] }]);
      count++;
    }
    return { commitsPerSecond: count / ((performance.now() - started) / 1000) };
  } finally {
    db.close();
    rmSync(workDir, { recursive: true, force: true });
  }
}
