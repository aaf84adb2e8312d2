import { beforeAll, describe, expect, it } from "vitest";
import { getHarness } from "#harness";
import { ExportedEntrySchema } from "../../src/gateway/routes/insurer/export-schemas.js";
import type { Harness } from "../harness/types.js";
import { sampleDocument, storeQueuedDocumentFor } from "../support/bvac-documents.js";
import { bearer, createInsurer, createPharmacy, json } from "./helpers.js";

/**
 * JSON and NDJSON exports copy the stored document text when its SHA-256 (written at ingestion,
 * migrations/0006) still matches, and parse and validate it again otherwise: documents stored
 * before the digest existed, or whose text changed, must export the same entry or fail the body.
 * CSV and XML parse ingestion's own text without validating it again, and validate any other.
 */
let gateway: Harness;
beforeAll(async () => {
  gateway = await getHarness();
});

async function arrange(patients: readonly string[]) {
  const pharmacy = await createPharmacy(gateway);
  const insurer = await createInsurer(gateway);
  const docs = [];
  for (const patientName of patients) {
    const doc = sampleDocument({ nihii: pharmacy.nihii, insurer: insurer.code, key1: "9912319994", patientName });
    await storeQueuedDocumentFor(gateway, doc);
    docs.push(doc);
  }
  await gateway.drainQueue();
  return { insurer, docs };
}

const ndjson = async (key: string) => {
  const response = await gateway.fetch("/v1/exports", json({ limit: 10 }, { ...bearer(key), Accept: "application/x-ndjson" }));
  expect(response.status).toBe(200);
  return response;
};

describe("insurer exports: stored document text", () => {
  it("writes the stored text as it is when its digest matches, and re-validates rows without one or with a changed text", async () => {
    const { insurer, docs } = await arrange(["Digest", "Legacy", "Edited"]);
    // Stored before migrations/0006 (no digest), and edited after it was written (digest stale).
    await gateway.dbFor(insurer.code).run("UPDATE bvac_document_texts SET document_sha256 = NULL WHERE document_pk IN (SELECT pk FROM bvac_documents WHERE document_id = ?)", [docs[1]!.documentId]);
    const edited = { ...docs[2]!, internalReference: "EDITED-REF" };
    await gateway.dbFor(insurer.code).run("UPDATE bvac_document_texts SET document_json = ? WHERE document_pk IN (SELECT pk FROM bvac_documents WHERE document_id = ?)", [JSON.stringify(edited), docs[2]!.documentId]);
    const lines = (await (await ndjson(insurer.apiKey)).text()).split("\n");
    expect(lines.pop()).toBe("");
    const entries = lines.map((line) => ExportedEntrySchema.parse(JSON.parse(line)));
    expect(entries.map((entry) => entry.document)).toEqual([docs[0], docs[1], edited]);
    // The copied text is byte for byte what was stored.
    expect(lines[0]).toContain(`"document":${JSON.stringify(docs[0])}}`);
  });

  it("parks a row without a digest whose text is not a valid document before answering, and delivers the rest", async () => {
    const { insurer, docs } = await arrange(["Valid", "Broken"]);
    await gateway.dbFor(insurer.code).run("UPDATE bvac_document_texts SET document_json = '{\"broken\":true}', document_sha256 = NULL WHERE document_pk IN (SELECT pk FROM bvac_documents WHERE document_id = ?)", [
      docs[1]!.documentId,
    ]);
    const response = await ndjson(insurer.apiKey);
    expect(response.headers.get("x-batch-count")).toBe("1");
    const lines = (await response.text()).split("\n").filter(Boolean);
    expect(lines.map((line) => ExportedEntrySchema.parse(JSON.parse(line)).documentId)).toEqual([docs[0]!.documentId]);
  });

  it("keeps a row whose text changed after ingestion out of a BvacList XML body when it is no longer a valid document", async () => {
    const { insurer, docs } = await arrange(["Valid", "Tampered"]);
    // The digest is ingestion's, the text is not any more: the export must validate it, not trust it
    // (the XML writer itself would happily write this date).
    const tampered = JSON.stringify({ ...docs[1]!, deliveryDate: "not a date" });
    await gateway.dbFor(insurer.code).run("UPDATE bvac_document_texts SET document_json = ? WHERE document_pk IN (SELECT pk FROM bvac_documents WHERE document_id = ?)", [tampered, docs[1]!.documentId]);
    const response = await gateway.fetch("/v1/exports", json({ limit: 10 }, { ...bearer(insurer.apiKey), Accept: "application/xml" }));
    expect(response.status).toBe(200);
    const body = await response.text();
    expect([...body.matchAll(/<BvacDocumentId>([^<]+)<\/BvacDocumentId>/g)].map((match) => match[1])).toEqual([docs[0]!.documentId]);
  });
});
