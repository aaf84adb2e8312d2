import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { d1Database } from "../../src/adapters/storage/d1.js";
import { placeholders } from "../../src/core/store/sql.js";
import { traceHeader } from "../harness/workers-main.js";
import { asInvocation, CloudflareLimitError, limitD1, limitQueue, meterOf } from "../harness/workers-limits.js";
import { getHarness } from "#harness";

const db = d1Database(limitD1(env.DB));
const ids = (count: number) => Array.from({ length: count }, (_, index) => index + 1);

describe("the limits layer around the workerd bindings", () => {
  it("accepts 100 bound parameters and throws on 101, as production D1 does", async () => {
    await expect(db.all(`SELECT id FROM outbox WHERE id IN (${placeholders(100)})`, ids(100))).resolves.toEqual([]);
    await expect(db.all(`SELECT id FROM outbox WHERE id IN (${placeholders(101)})`, ids(101))).rejects.toThrow(/too many SQL variables: 101/);
    await expect(db.batch([{ sql: `SELECT id FROM outbox WHERE id IN (${placeholders(101)})`, params: ids(101) }])).rejects.toBeInstanceOf(CloudflareLimitError);
  });

  it("throws on a statement over 100 KB and a value over 2 MB", async () => {
    const longSql = `SELECT 1 ${" ".repeat(100_001)}`;
    await expect(db.all(longSql)).rejects.toThrow(/statement too long/);
    await expect(db.all("SELECT length(?) AS n", ["x".repeat(2_000_001)])).rejects.toThrow(/string or blob too big/);
  });

  it("counts the queries of one invocation, batches per statement, and throws past 1,000", async () => {
    const statements = Array.from({ length: 600 }, () => ({ sql: "SELECT 1", params: [] }));
    await expect(asInvocation(null, async () => {
      await db.batch(statements);
      await db.batch(statements);
    })).rejects.toThrow(/1200 queries in one Worker invocation; the limit is 1000/);
    await expect(db.batch(Array.from({ length: 1001 }, () => ({ sql: "SELECT 1", params: [] })))).rejects.toThrow(/at most 1000/);
  });

  it("refuses a sendBatch of 101 messages or over 256 KB, and a message over 128 KB", async () => {
    const sent: unknown[] = [];
    const queue = limitQueue({
      metrics: async () => ({ backlogCount: 0, backlogBytes: 0 }),
      send: async (body: unknown) => void sent.push(body),
      sendBatch: async (messages: Iterable<{ body: unknown }>) => void sent.push(...[...messages].map((m) => m.body)),
    } as never);
    await expect(queue.sendBatch(ids(101).map((id) => ({ body: { outboxId: id } })))).rejects.toThrow(/101 messages in one sendBatch; at most 100/);
    await expect(queue.sendBatch(ids(3).map(() => ({ body: "x".repeat(100_000) })))).rejects.toThrow(/bytes in one sendBatch; at most 256000/);
    await expect(queue.send("x".repeat(128_000))).rejects.toThrow(/a message of 128102 bytes; at most 128000/);
    await queue.sendBatch(ids(100).map((id) => ({ body: { outboxId: id } })));
    expect(sent).toHaveLength(100);
  });

  it("is what the Worker under test sees: a request's D1 round trips are metered", async () => {
    const harness = await getHarness();
    const trace = crypto.randomUUID();
    const response = await harness.fetch("/healthz", { headers: { [traceHeader]: trace } });
    expect(response.status, await response.text()).toBe(200);
    expect(meterOf(trace)?.d1RoundTrips).toBe(1);
  });
});
