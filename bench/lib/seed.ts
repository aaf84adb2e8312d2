import BetterSqlite3 from "better-sqlite3";
import type { BvacDocument } from "../../src/bvac/model.js";
import { demo } from "./documents.js";
import { sha256Hex } from "../../src/bvac/sha256.js";

/** A normalised, valid 3-line document as ingestion stores it (src/bvac/model.ts). */
export function storedDocument(documentId: string): BvacDocument {
  const line = (productId: string, description: string, quantity: number, publicPriceCents: number, paidPriceCents: number) => ({
    productType: 1 as const,
    productId,
    description,
    prescriptionDate: "2026-11-18",
    quantity,
    publicPriceCents,
    paidPriceCents,
    homeopathic: false,
  });
  return {
    documentId,
    pharmacy: { nihii: demo.nihii, name: demo.pharmacyName },
    barcode: { insurer: "6000", key1: demo.legacyBarcode.slice(4) },
    currency: "EUR",
    deliveryDate: "2026-11-20",
    patient: { name: "Jagger", firstName: "Mick", birthDate: null },
    prescriber: { riziv: "10000106999", name: "Richards", firstName: "Keith" },
    internalReference: "BEPABZ2D88CD",
    lines: [
      line("000000001597210", "FASTUM GEL DISPENSER 120 G", 3, 1731, 1731),
      line("000000002837409", "AMLOR 5 MG CAPS 98 X 5 MG", 2, 1399, 332),
      line("000000000338707", "DAFALGAN 1 G 30 TABL", 1, 420, 120),
    ],
    totals: { publicPriceCents: 3550, paidPriceCents: 2183, homeopathyCents: 0 },
  };
}

/**
 * Puts `count` queued documents for the demo insurer straight into the gateway's SQLite file (one
 * transaction; ingesting 100 000 over HTTP would take most of the bench's time budget), the lines
 * inside `document_json` as ingestion stores them. The queue entries use negative outbox ids,
 * which no real outbox row ever has, so they can never collide with one.
 */
export function seedQueuedDocuments(filename: string, count: number): void {
  const db = new BetterSqlite3(filename);
  try {
    db.pragma("busy_timeout = 5000");
    const now = new Date().toISOString();
    const insertDocument = db.prepare(
      `INSERT INTO bvac_documents (pharmacy_nihii, document_id, content_hash, insurer, key1, barcode_kind, delivery_date, status,
         total_public_cents, total_paid_cents, total_homeopathy_cents, received_at, updated_at)
       VALUES (?, ?, ?, '6000', ?, 'legacy', '2026-11-20', 'queued', 3550, 2183, 0, ?, ?)`,
    );
    const insertText = db.prepare("INSERT INTO bvac_document_texts (document_pk, document_json, document_sha256) VALUES (?, ?, ?)");
    const insertEntry = db.prepare(
      "INSERT INTO export_queue (outbox_id, insurer, document_pk, kind, enqueued_at) VALUES (?, '6000', ?, 'document', ?)",
    );
    const lowest = (db.prepare("SELECT MIN(outbox_id) AS low FROM export_queue").get() as { low: number | null }).low ?? 0;
    db.transaction(() => {
      for (let i = 0; i < count; i++) {
        const documentId = crypto.randomUUID();
        // The text and its digest as ingestion writes them (insertDocumentStatements).
        const documentJson = JSON.stringify(storedDocument(documentId));
        const { lastInsertRowid } = insertDocument.run(demo.nihii, documentId, `seed-${documentId}`, demo.legacyBarcode.slice(4), now, now);
        insertText.run(lastInsertRowid, documentJson, sha256Hex(documentJson));
        insertEntry.run(Math.min(lowest, 0) - 1 - i, lastInsertRowid, now);
      }
    })();
  } finally {
    db.close();
  }
}
