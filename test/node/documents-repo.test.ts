import { beforeEach, describe, expect, it } from "vitest";
import { migrationsDir } from "../../src/adapters/node/deps.js";
import { applyMigrations } from "../../src/adapters/storage/migrate.js";
import { cancelDocument, findDocument, insertDocument, type SubmissionMeta } from "../../src/core/store/documents.js";
import { moveOutboxToExportQueue } from "../../src/core/store/outbox.js";
import { openSqlite } from "../../src/adapters/storage/sqlite.js";
import { sampleDocument } from "../support/bvac-documents.js";

// The repository on its own, where the interleavings HTTP cannot force are set up directly.
let db: ReturnType<typeof openSqlite>;
const document = sampleDocument({ nihii: "99934051", insurer: "6000", key1: "9912319994" });
const meta = (ingestId: string): SubmissionMeta => ({
  ingestId,
  contentHash: "hash",
  barcodeKind: "legacy",
  barcodeJti: null,
  warnings: [],
  receivedAt: "2026-11-25T10:00:00.000Z",
});
const count = (sql: string) => (db.raw.prepare(sql).get() as { n: number }).n;

beforeEach(() => {
  db = openSqlite(":memory:");
  applyMigrations(db.raw, migrationsDir);
  db.raw.prepare("INSERT INTO pharmacies (nihii, name, created_at) VALUES ('99934051', 'Demo', 'now')").run();
});

describe("documents repository", () => {
  it("writes nothing at all for the request that lost the (pharmacy, document id) race", async () => {
    const winner = await insertDocument(db, document, meta("first"));
    const loser = await insertDocument(db, document, meta("second"));
    expect(winner).toEqual(expect.any(Number));
    expect(loser).toBeNull();
    expect(count("SELECT count(*) AS n FROM bvac_documents")).toBe(1);
    expect(count("SELECT json_array_length(document_json, '$.lines') AS n FROM bvac_document_texts")).toBe(document.lines.length);
    expect(count("SELECT count(*) AS n FROM outbox")).toBe(1);
  });

  it("cancels a document whose outbox row was not moved yet: the row is deleted, nothing reaches the export queue", async () => {
    const outboxId = await insertDocument(db, document, meta("a"));
    const stored = await findDocument(db, "99934051", document.documentId, new Date().toISOString());
    expect((await cancelDocument(db, stored?.pk ?? -1, "2026-11-25T10:01:00.000Z"))?.outboxId).toBeNull();
    expect(await moveOutboxToExportQueue(db, [outboxId ?? -1])).toBe(0);
    expect(count("SELECT count(*) AS n FROM export_queue")).toBe(0);
    expect((await findDocument(db, "99934051", document.documentId, new Date().toISOString()))?.status).toBe("cancelled");
  });

  it("cancels a leased document by withdrawing its entry, and queues a cancellation only after delivery", async () => {
    const outboxId = await insertDocument(db, document, meta("a"));
    await moveOutboxToExportQueue(db, [outboxId ?? -1]);
    db.raw.prepare("UPDATE bvac_documents SET status = 'leased'").run();
    db.raw.prepare("UPDATE export_queue SET batch_id = 'b1', lease_until = '2026-11-25T11:00:00.000Z'").run();
    const pk = (await findDocument(db, "99934051", document.documentId, new Date().toISOString()))?.pk ?? -1;
    expect((await cancelDocument(db, pk, "2026-11-25T10:01:00.000Z"))?.outboxId).toBeNull();
    expect(count("SELECT count(*) AS n FROM export_queue WHERE withdrawn_at IS NOT NULL")).toBe(1);

    // A delivered one keeps its status and gets a cancellation, once.
    const other = { ...document, documentId: "second-document" };
    await insertDocument(db, other, meta("b"));
    db.raw.prepare("UPDATE bvac_documents SET status = 'delivered' WHERE document_id = 'second-document'").run();
    const otherPk = (await findDocument(db, "99934051", "second-document", new Date().toISOString()))?.pk ?? -1;
    expect((await cancelDocument(db, otherPk, "2026-11-25T10:02:00.000Z"))?.outboxId).toEqual(expect.any(Number));
    expect((await cancelDocument(db, otherPk, "2026-11-25T10:03:00.000Z"))?.outboxId).toBeNull();
    expect(count("SELECT count(*) AS n FROM outbox WHERE topic = 'document.cancelled'")).toBe(1);

    // By its pharmacy and id, as an insurer's own database is cancelled without reading it first: the same outcome.
    const third = { ...document, documentId: "third-document" };
    await insertDocument(db, third, meta("c"));
    expect(await cancelDocument(db, { pharmacyNihii: "99934051", documentId: "third-document" }, "2026-11-25T10:04:00.000Z")).toMatchObject({ outboxId: null, status: "cancelled", purgedAt: null });
    expect(await cancelDocument(db, { pharmacyNihii: "99934051", documentId: "no-such-document" }, "2026-11-25T10:04:00.000Z")).toBeNull();
    expect((await findDocument(db, "99934051", "second-document", new Date().toISOString()))).toMatchObject({ status: "delivered", cancelledAt: "2026-11-25T10:02:00.000Z" });
  });
});
