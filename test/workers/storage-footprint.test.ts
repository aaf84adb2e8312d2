import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { d1Database } from "../../src/adapters/storage/d1.js";
import { limitD1 } from "../harness/workers-limits.js";
import { measureFootprint } from "../support/storage-footprint.js";
import { randomInsurerCode, randomNihii } from "../contract/helpers.js";

/**
 * What a stored document costs on D1 (local D1: SQLite pages, as production stores them), read
 * from D1's own `meta.size_after`. docs/scale.md's capacity model is built on these figures; the
 * budget below is the model's, so a change that makes documents much bigger fails here first.
 */
describe("storage per document on D1", () => {
  it("stays within the capacity model's budget (docs/scale.md)", async () => {
    const db = d1Database(limitD1(env.DB));
    const tenant = { nihii: randomNihii(), insurer: randomInsurerCode(), key1: "1234567890" };
    const now = new Date().toISOString();
    await db.batch([
      { sql: "INSERT INTO insurers (code, name, created_at) VALUES (?, ?, ?)", params: [tenant.insurer, "Footprint", now] },
      { sql: "INSERT INTO pharmacies (nihii, name, created_at) VALUES (?, ?, ?)", params: [tenant.nihii, "Footprint", now] },
    ]);
    const sizeOf = async () => (await env.DB.prepare("SELECT 1").run()).meta.size_after;
    const figures = await measureFootprint(db, tenant, sizeOf);
    console.log(`D1 footprint: ${JSON.stringify(figures)}`);
    expect(figures.bytesPerDocument2Lines).toBeGreaterThan(500);
    expect(figures.bytesPerDocument2Lines).toBeLessThan(2_500);
    // A line lives once, in the document's text (migrations/0015): a second copy (a line row) fails here.
    expect(figures.bytesPerLine).toBeLessThan(260);
  }, 120_000);
});
