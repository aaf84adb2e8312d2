import type { D1Database, MessageBatch } from "@cloudflare/workers-types";
import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { OutboxMessage } from "../../src/adapters/queue/cloudflare-queue.js";
import { d1Database } from "../../src/adapters/storage/d1.js";
import worker from "../harness/workers-main.js";
import { limitD1 } from "../harness/workers-limits.js";
import { randomInsurerCode, randomNihii } from "../contract/helpers.js";
import { sampleDocument, storeQueuedDocument, storeTenantRows } from "../support/bvac-documents.js";

const db = d1Database(limitD1(env.DB));

/** A stored document and its pending outbox row, as ingestion leaves them; returns the outbox id. */
async function pendingOutboxRow(): Promise<{ outboxId: number; documentPk: number }> {
  const nihii = randomNihii();
  const insurer = randomInsurerCode();
  await storeTenantRows(db, { insurer, nihii, name: "Queue test" });
  const documentPk = await storeQueuedDocument(db, sampleDocument({ nihii, insurer, key1: "9912319994" }));
  const row = await db.first<{ id: number }>("SELECT id FROM outbox WHERE document_pk = ?", [documentPk]);
  if (!row) throw new Error("no outbox row");
  return { outboxId: row.id, documentPk };
}

const message = (id: string, body: unknown) => ({ id, timestamp: new Date(), attempts: 1, body: body as OutboxMessage });

async function consume(batch: MessageBatch<OutboxMessage>, workerEnv = env) {
  const ctx = createExecutionContext();
  await worker.queue(batch, workerEnv, ctx);
  return getQueueResult(batch, ctx);
}

const exportEntries = (documentPk: number) =>
  db.all<{ kind: string; outbox_id: number }>("SELECT kind, outbox_id FROM export_queue WHERE document_pk = ?", [documentPk]);

describe("Workers queue consumer", () => {
  it("moves announced outbox rows into the export queue and acks, once even when redelivered", async () => {
    const first = await pendingOutboxRow();
    const second = await pendingOutboxRow();
    const batch = createMessageBatch<OutboxMessage>("pharmagate-outbox", [message("m1", { outboxId: first.outboxId }), message("m2", { outboxId: second.outboxId })]);
    const result = await consume(batch);
    expect(result.explicitAcks.sort()).toEqual(["m1", "m2"]);
    expect(result.retryMessages).toEqual([]);
    expect(await exportEntries(first.documentPk)).toEqual([{ kind: "document", outbox_id: first.outboxId }]);
    expect(await db.first("SELECT id FROM outbox WHERE id = ?", [first.outboxId])).toBeNull();

    const redelivered = await consume(createMessageBatch<OutboxMessage>("pharmagate-outbox", [message("m1-again", { outboxId: first.outboxId })]));
    expect(redelivered.explicitAcks).toEqual(["m1-again"]);
    expect(await exportEntries(first.documentPk)).toHaveLength(1);
  });

  it("acks a malformed message without holding back the good ones", async () => {
    const good = await pendingOutboxRow();
    const batch = createMessageBatch<OutboxMessage>("pharmagate-outbox", [message("bad", { nope: true }), message("good", { outboxId: good.outboxId })]);
    const result = await consume(batch);
    expect(result.explicitAcks.sort()).toEqual(["bad", "good"]);
    expect(result.retryMessages).toEqual([]);
    expect(await exportEntries(good.documentPk)).toHaveLength(1);
  });

  it("retries with a delay when the database fails, leaving the outbox row for later", async () => {
    const pending = await pendingOutboxRow();
    const failing = {
      prepare: () => {
        throw new Error("D1 unavailable");
      },
      batch: () => Promise.reject(new Error("D1 unavailable")),
    } as unknown as D1Database;
    const batch = createMessageBatch<OutboxMessage>("pharmagate-outbox", [message("m", { outboxId: pending.outboxId })]);
    const result = await consume(batch, { ...env, DB: failing });
    expect(result.explicitAcks).toEqual([]);
    expect(result.retryMessages.map((retry: { msgId: string }) => retry.msgId)).toEqual(["m"]);
    expect(await db.first<{ id: number }>("SELECT id FROM outbox WHERE id = ?", [pending.outboxId])).toEqual({ id: pending.outboxId });
    expect(await exportEntries(pending.documentPk)).toEqual([]);
  });
});
