import type { BvacDocument } from "../../src/bvac/model.js";
import { insertOutbox } from "../../src/core/store/outbox.js";
import type { Database } from "../../src/core/ports.js";
import { claimDocumentId, pharmacyCopy } from "../../src/core/store/locator.js";
import { sha256Hex } from "../../src/bvac/sha256.js";

/**
 * A valid normalised BVAC document (the fixture 0014-01-prescribed, as the ingestion path stores
 * it) for the given pharmacy and member. Document ids are UUIDs, as the SMC schema requires.
 */
export function sampleDocument(options: { nihii: string; insurer: string; key1: string; documentId?: string; patientName?: string }): BvacDocument {
  return {
    documentId: options.documentId ?? crypto.randomUUID(),
    pharmacy: { nihii: options.nihii, name: "The Rolling Stones & Co <Leuven>" },
    barcode: { insurer: options.insurer, key1: options.key1 },
    currency: "EUR",
    deliveryDate: "2026-11-20",
    patient: { name: options.patientName ?? "Jagger", firstName: "Mick", birthDate: "1978-10-20" },
    prescriber: { riziv: "10000106999", name: "Richards", firstName: "Keith" },
    internalReference: "BEPABZ2D88CD",
    lines: [
      {
        productType: 1,
        productId: "000000001597210",
        description: "=FASTUM GEL DISPENSER 120 G",
        prescriptionDate: "2026-11-18",
        quantity: 3,
        publicPriceCents: 1731,
        paidPriceCents: 1731,
        homeopathic: false,
      },
      {
        productType: 1,
        productId: "000000002837409",
        description: 'AMLOR  5 MG CAPS  98 X 5 MG, "boîte"',
        prescriptionDate: null,
        quantity: 2,
        publicPriceCents: 1399,
        paidPriceCents: 332,
        homeopathic: false,
      },
    ],
    totals: { publicPriceCents: 3130, paidPriceCents: 2063, homeopathyCents: 0 },
  };
}

/**
 * Stores a document and its outbox row in one batch, the way ingestion commits a sale, so export
 * tests do not depend on the ingestion route. The pharmacy must exist. Returns the document pk.
 */
export async function storeQueuedDocument(db: Database, doc: BvacDocument, receivedAt = new Date().toISOString()): Promise<number> {
  const [inserted] = await db.batch<{ pk: number }>([
    {
      sql: `INSERT INTO bvac_documents (pharmacy_nihii, document_id, content_hash, insurer, key1, barcode_kind, delivery_date,
              status, total_public_cents, total_paid_cents, total_homeopathy_cents, received_at, updated_at)
            VALUES (?, ?, ?, ?, ?, 'legacy', ?, 'queued', ?, ?, ?, ?, ?) RETURNING pk`,
      params: [
        doc.pharmacy.nihii,
        doc.documentId,
        `test-${doc.documentId}`,
        doc.barcode.insurer,
        doc.barcode.key1,
        doc.deliveryDate,
        doc.totals.publicPriceCents,
        doc.totals.paidPriceCents,
        doc.totals.homeopathyCents,
        receivedAt,
        receivedAt,
      ],
    },
    {
      // The text and its digest, as ingestion writes them (migrations/0006, 0016).
      sql: `INSERT INTO bvac_document_texts (document_pk, document_json, document_sha256)
            SELECT pk, ?, ? FROM bvac_documents WHERE pharmacy_nihii = ? AND document_id = ?`,
      params: [JSON.stringify(doc), sha256Hex(JSON.stringify(doc)), doc.pharmacy.nihii, doc.documentId],
    },
    insertOutbox("document.queued", { sql: "SELECT pk FROM bvac_documents WHERE pharmacy_nihii = ? AND document_id = ?", params: [doc.pharmacy.nihii, doc.documentId] }, receivedAt),
  ]);
  const pk = inserted?.rows[0]?.pk;
  if (pk === undefined) throw new Error("document not stored");
  return pk;
}

export const newDocumentId = () => crypto.randomUUID();

/** A small valid JSON submission for a tenant (no vitest here: `npm run screenshots` uses it too). */
export function jsonDocument(t: { pharmacy: { nihii: string }; barcode: string }, overrides: Record<string, unknown> = {}) {
  return {
    documentId: newDocumentId(),
    pharmacy: { nihii: t.pharmacy.nihii, name: "Test pharmacy" },
    barcode: t.barcode,
    deliveryDate: "2026-11-20",
    patient: { name: "Jagger", firstName: "Mick" },
    prescriber: { riziv: "10000106999", name: "Richards" },
    lines: [
      { productType: 1, productId: "000000001597210", description: "FASTUM GEL", prescriptionDate: "2026-11-18", quantity: 3, publicPrice: "17.31", paidPrice: "17.31" },
      { productType: 1, productId: "000000002837409", description: "AMLOR 5 MG", prescriptionDate: "2026-11-18", quantity: 2, publicPrice: "13.99", paidPrice: "3.32" },
    ],
    ...overrides,
  };
}

/** An insurer and a pharmacy row (no keys), for tests that store documents without the HTTP onboarding. */
export async function storeTenantRows(db: Database, tenant: { insurer: string; nihii: string; name: string }): Promise<void> {
  const now = new Date().toISOString();
  await db.batch([
    { sql: "INSERT OR IGNORE INTO insurers (code, name, created_at) VALUES (?, ?, ?)", params: [tenant.insurer, tenant.name, now] },
    { sql: "INSERT INTO pharmacies (nihii, name, created_at) VALUES (?, ?, ?)", params: [tenant.nihii, tenant.name, now] },
  ]);
}

/**
 * `storeQueuedDocument` in the database of the document's insurer, as ingestion places it: its
 * locator in the shared database and, in an insurer's own database, the pharmacy's copy first.
 */
export async function storeQueuedDocumentFor(gateway: { db: Database; dbFor(insurer: string): Database }, doc: BvacDocument, receivedAt?: string): Promise<number> {
  const db = gateway.dbFor(doc.barcode.insurer);
  const now = new Date().toISOString();
  if (db !== gateway.db) {
    const pharmacy = await gateway.db.first<{ name: string }>("SELECT name FROM pharmacies WHERE nihii = ?", [doc.pharmacy.nihii]);
    await db.batch([pharmacyCopy({ nihii: doc.pharmacy.nihii, name: pharmacy?.name ?? doc.pharmacy.nihii }, now)]);
  }
  await gateway.db.batch([claimDocumentId(doc.pharmacy.nihii, doc.documentId, doc.barcode.insurer)]);
  return storeQueuedDocument(db, doc, receivedAt);
}
