import { beforeAll, describe, expect, it } from "vitest";
import { getHarness } from "#harness";
import { DocumentStateSchema, ReceiptSchema } from "../../src/gateway/routes/pharmacy/bvac-schemas.js";
import { CancellationSchema } from "../../src/gateway/routes/pharmacy/cancel-bvac.js";
import type { Harness } from "../harness/types.js";
import {
  acceptedExamples,
  declaredTotals,
  exampleAsJson,
  fixtures,
  flawedExamples,
  forTenant,
  jsonDocument,
  newDocumentId,
  queueRows,
  registerExampleInsurers,
  seedMember,
  tenant,
  xmlBody,
} from "./bvac-helpers.js";
import { leaseAndAck } from "./export-flow.js";
import { bearer, bodyOf, createInsurer, createPharmacy, expectProblem, json } from "./helpers.js";

let gateway: Harness;
beforeAll(async () => {
  gateway = await getHarness();
  await registerExampleInsurers(gateway);
});

const post = (init: RequestInit) => gateway.fetch("/v1/bvac", init);
const example = (name: string) => fixtures[name] ?? "";

async function expectReceipt(response: Response, status: 200 | 201) {
  const body = await bodyOf(response);
  expect(response.status, JSON.stringify(body)).toBe(status);
  return ReceiptSchema.parse(body);
}

async function storedDocument(key: string, documentId: string) {
  const response = await gateway.fetch(`/v1/bvac/${documentId}`, { headers: bearer(key) });
  const body = await bodyOf(response);
  expect(response.status, JSON.stringify(body)).toBe(200);
  return DocumentStateSchema.parse(body);
}

describe("POST /v1/bvac: the AssurPharma examples", () => {
  it.each(acceptedExamples)("accepts %s as SMC XML and as equivalent JSON, with one result", async (name) => {
    const pharmacy = await createPharmacy(gateway);
    const xmlId = newDocumentId();
    const jsonId = newDocumentId();
    const xml = forTenant(example(name), { nihii: pharmacy.nihii, documentId: xmlId });

    const fromXml = await expectReceipt(await post(xmlBody(xml, pharmacy.apiKey)), 201);
    expect(fromXml).toMatchObject({ documentId: xmlId, status: "queued", totals: declaredTotals(xml) });
    expect(fromXml.warnings.map((warning) => warning.code)).toEqual(["national_number_dropped"]);

    const body = exampleAsJson(example(name), { nihii: pharmacy.nihii, documentId: jsonId });
    const fromJson = await expectReceipt(await post(json(body, bearer(pharmacy.apiKey))), 201);
    expect(fromJson.totals).toEqual(fromXml.totals);

    const [storedXml, storedJson] = await Promise.all([storedDocument(pharmacy.apiKey, xmlId), storedDocument(pharmacy.apiKey, jsonId)]);
    expect({ ...storedJson.document, documentId: xmlId }).toEqual(storedXml.document);
    expect(JSON.stringify(storedXml.document)).not.toContain("78102012345");
  });

  it.each(flawedExamples)("refuses %s with 422 naming every flaw", async (name) => {
    const pharmacy = await createPharmacy(gateway);
    const xml = forTenant(example(name), { nihii: pharmacy.nihii, documentId: newDocumentId() });
    const problem = await expectProblem(await post(xmlBody(xml, pharmacy.apiKey)), 422, "validation_failed");
    const found = (problem.errors ?? []).map((error) => [error.path.replace(/^.*\/bvacDocument\[1\]/, ""), error.code]);
    expect(found).toEqual([
      ["/productList/product[1]/identification/id", "invalid_cnk"],
      ["/productList/product[1]/quantity", "invalid_quantity"],
      ["/productList/product[1]/amounts/publicPrice", "invalid_amount"],
      ["/totalAmounts/totalPaidPrice", "totals_mismatch"],
    ]);
    // Nothing of a refused document is stored.
    expect(await queueRows(gateway, pharmacy.nihii, "abcdefghijklmnopqrstuvwx1")).toEqual({ outbox: 0, exports: 0, withdrawn: 0 });
  });

  it("reads the maximal SMC sample but refuses it: a pharmaceutical-care event holds no BVAC document", async () => {
    const pharmacy = await createPharmacy(gateway);
    const problem = await expectProblem(await post(xmlBody(fixtures["maximal-dataset-sample.xml"] ?? "", pharmacy.apiKey)), 422, "validation_failed");
    expect(problem.errors).toEqual([expect.objectContaining({ code: "unsupported_message", path: "/single-message/unsigned/eventFolder/events" })]);
  });

  it("parses by namespace URI: a default namespace, ns2: prefixes, a header and empty optional elements all work", async () => {
    const pharmacy = await createPharmacy(gateway);
    const base = forTenant(example("0014-01-prescribed.xml"), { nihii: pharmacy.nihii, documentId: "ID" });
    const defaultNamespace = base
      .replace(/<(\/?)model:/g, "<$1")
      .replace("<pharmacy>", '<pharmacy xmlns="http://www.apb.be/standards/smoa/schema/model/v1">');
    const ns2 = base.replaceAll("xmlns:model=", "xmlns:ns2=").replace(/<(\/?)model:/g, "<$1ns2:");
    const withHeaderAndEmpties = base
      .replace(
        "<smc:unsigned>",
        `<smc:unsigned><smc:header><smc:version>2.0.6</smc:version><smc:messageCreateDate>2026-11-25T09:00:00</smc:messageCreateDate><smc:messageID>12345678-1234-1234-1234-0123456789AB</smc:messageID></smc:header>`,
      )
      .replace("<model:id>ID</model:id>", "<model:id>ID</model:id><model:InternalReference></model:InternalReference>")
      .replace("<model:prescriptionDate>2013-09-18</model:prescriptionDate>", "<model:prescriptionDate/>");
    for (const variant of [defaultNamespace, ns2, withHeaderAndEmpties]) {
      const documentId = newDocumentId();
      const receipt = await expectReceipt(await post(xmlBody(variant.replace(">ID<", `>${documentId}<`), pharmacy.apiKey, "text/xml; charset=utf-8")), 201);
      expect(receipt.totals).toEqual({ publicPrice: "31.30", paidPrice: "20.63", homeopathy: "0.00" });
    }
  });
});

describe("POST /v1/bvac: JSON validation", () => {
  it("computes absent totals, with a warning, and stores amounts as the lines say", async () => {
    const t = await tenant(gateway);
    const receipt = await expectReceipt(await post(json(jsonDocument(t), bearer(t.pharmacy.apiKey))), 201);
    expect(receipt.totals).toEqual({ publicPrice: "31.30", paidPrice: "20.63", homeopathy: "0.00" });
    expect(receipt.warnings.map((warning) => warning.code)).toEqual(["totals_computed"]);
  });

  it("takes the homeopathy total from flagged lines and refuses a declared one that differs", async () => {
    const t = await tenant(gateway);
    const lines = jsonDocument(t).lines.map((line, index) => ({ ...line, homeopathic: index === 0 }));
    const flagged = await expectReceipt(await post(json(jsonDocument(t, { lines }), bearer(t.pharmacy.apiKey))), 201);
    expect(flagged.totals.homeopathy).toBe("17.31");
    const wrong = jsonDocument(t, { lines, totals: { publicPrice: "31.30", paidPrice: "20.63", homeopathy: "5.00" } });
    const problem = await expectProblem(await post(json(wrong, bearer(t.pharmacy.apiKey))), 422, "validation_failed");
    expect(problem.errors).toEqual([expect.objectContaining({ path: "totals.homeopathy", code: "totals_mismatch" })]);
  });

  it("reports every content problem at once, each with its JSON path and code", async () => {
    const t = await tenant(gateway);
    const body = jsonDocument(t, {
      pharmacy: { nihii: "27456741", name: "X" },
      deliveryDate: "2026-02-30",
      prescriber: { riziv: "1000010799" },
      internalReference: "R".repeat(51),
      lines: [
        { productType: 1, productId: "0000x0002597235", description: "PREZISTA", quantity: 1.5, publicPrice: "456,66", paidPrice: "0.00" },
        { productType: 7, productId: "000000002837409", description: "AMLOR", quantity: 1, publicPrice: "13.99", paidPrice: "3.32" },
      ],
      totals: { publicPrice: "1.00", paidPrice: "9.99" },
    });
    const problem = await expectProblem(await post(json(body, bearer(t.pharmacy.apiKey))), 422, "validation_failed");
    expect((problem.errors ?? []).map((error) => `${error.path}:${error.code}`).sort()).toEqual(
      [
        "pharmacy.nihii:invalid_nihii",
        "deliveryDate:invalid_date",
        "prescriber.riziv:invalid_riziv",
        "internalReference:invalid_text",
        "lines.0.productId:invalid_cnk",
        "lines.0.quantity:invalid_quantity",
        "lines.0.publicPrice:invalid_amount",
        "lines.1.productType:invalid_product_type",
        "totals.paidPrice:totals_mismatch",
      ].sort(),
    );
  });

  it("reports shape errors: a missing field is required, a wrong JSON type invalid_type", async () => {
    const t = await tenant(gateway);
    const { patient: _patient, ...withoutPatient } = jsonDocument(t, { lines: "none" });
    const problem = await expectProblem(await post(json(withoutPatient, bearer(t.pharmacy.apiKey))), 422, "validation_failed");
    expect((problem.errors ?? []).map((error) => `${error.path}:${error.code}`).sort()).toEqual(["lines:invalid_type", "patient:required"]);
  });

  it("stores a 200-line document with every line, in order, and refuses 201 lines", async () => {
    const t = await tenant(gateway);
    const line = (index: number) => ({ productType: 0, description: `Line ${index + 1}`, quantity: 1, publicPrice: "1.00", paidPrice: `0.${String(index % 100).padStart(2, "0")}` });
    const document = jsonDocument(t, { lines: Array.from({ length: 200 }, (_, index) => line(index)) });
    await expectReceipt(await post(json(document, bearer(t.pharmacy.apiKey))), 201);
    // The lines are stored in the document's text (migrations/0015), in order.
    const row = await gateway.dbFor(t.insurer.code).first<{ document_json: string }>(
      "SELECT t.document_json FROM bvac_documents d JOIN bvac_document_texts t ON t.document_pk = d.pk WHERE d.pharmacy_nihii = ? AND d.document_id = ?",
      [t.pharmacy.nihii, document.documentId],
    );
    const stored = (JSON.parse(row!.document_json) as { lines: Array<{ description: string; paidPriceCents: number }> }).lines;
    expect(stored).toHaveLength(200);
    expect(stored[0]).toMatchObject({ description: "Line 1", paidPriceCents: 0 });
    expect(stored[199]).toMatchObject({ description: "Line 200", paidPriceCents: 99 });
    const tooMany = jsonDocument(t, { lines: Array.from({ length: 201 }, (_, index) => line(index)) });
    await expectProblem(await post(json(tooMany, bearer(t.pharmacy.apiKey))), 422, "validation_failed");
  });

  it("strips scanner noise from the barcode: CR/LF, spaces and an AIM prefix", async () => {
    const t = await tenant(gateway);
    await expectReceipt(await post(json(jsonDocument(t, { barcode: `]C0${t.barcode} \r\n` }), bearer(t.pharmacy.apiKey))), 201);
  });
});

describe("POST /v1/bvac: exactly once", () => {
  it("answers a replay with the stored result (200) and queues the document once", async () => {
    const t = await tenant(gateway);
    const document = jsonDocument(t);
    const first = await expectReceipt(await post(json(document, bearer(t.pharmacy.apiKey))), 201);
    const replay = await expectReceipt(await post(json(document, bearer(t.pharmacy.apiKey))), 200);
    expect(replay).toEqual(first);
    await gateway.drainQueue();
    const rows = await queueRows(gateway, t.pharmacy.nihii, document.documentId);
    expect(rows.outbox + rows.exports).toBe(1);
  });

  it("treats the same sale sent as XML and then as JSON as a replay: the identity is the normalised content", async () => {
    const pharmacy = await createPharmacy(gateway);
    const documentId = newDocumentId();
    const xml = forTenant(example("6000-03-magistral.xml"), { nihii: pharmacy.nihii, documentId });
    await expectReceipt(await post(xmlBody(xml, pharmacy.apiKey)), 201);
    await expectReceipt(await post(json(exampleAsJson(xml, { nihii: pharmacy.nihii, documentId }), bearer(pharmacy.apiKey))), 200);
  });

  it("refuses the same document id with other content (409)", async () => {
    const t = await tenant(gateway);
    const document = jsonDocument(t);
    await expectReceipt(await post(json(document, bearer(t.pharmacy.apiKey))), 201);
    const changed = { ...document, patient: { name: "Watts", firstName: "Charlie" } };
    await expectProblem(await post(json(changed, bearer(t.pharmacy.apiKey))), 409, "conflict");
  });

  it("stores two identical concurrent posts once: one 201, one 200", async () => {
    const t = await tenant(gateway);
    const document = jsonDocument(t);
    const responses = await Promise.all([1, 2, 3].map(() => post(json(document, bearer(t.pharmacy.apiKey)))));
    expect(responses.map((response) => response.status).sort()).toEqual([200, 200, 201]);
    await gateway.drainQueue();
    const rows = await queueRows(gateway, t.pharmacy.nihii, document.documentId);
    expect(rows.outbox + rows.exports).toBe(1);
  });

  it("lets two pharmacies use the same document id independently", async () => {
    const [a, b] = await Promise.all([tenant(gateway), tenant(gateway)]);
    const documentId = newDocumentId();
    await expectReceipt(await post(json(jsonDocument(a, { documentId }), bearer(a.pharmacy.apiKey))), 201);
    await expectReceipt(await post(json(jsonDocument(b, { documentId }), bearer(b.pharmacy.apiKey))), 201);
  });
});

describe("POST /v1/bvac: who may submit what", () => {
  it("refuses a document naming another pharmacy (403), and another audience's key", async () => {
    const t = await tenant(gateway);
    const other = await createPharmacy(gateway);
    const problem = await expectProblem(await post(json(jsonDocument(t), bearer(other.apiKey))), 403, "forbidden");
    expect(problem.errors).toEqual([expect.objectContaining({ path: "pharmacy.nihii" })]);
    await expectProblem(await post(json(jsonDocument(t), bearer(t.insurer.apiKey))), 403, "forbidden");
    await expectProblem(await post(json(jsonDocument(t))), 401, "unauthenticated");
  });

  it("locates XML refusals by element path: another pharmacy's message (403) and a reused document id (409)", async () => {
    const [pharmacy, other] = await Promise.all([createPharmacy(gateway), createPharmacy(gateway)]);
    const documentId = newDocumentId();
    const xml = forTenant(example("6000-01-prescribed.xml"), { nihii: pharmacy.nihii, documentId });
    const forbidden = await expectProblem(await post(xmlBody(xml, other.apiKey)), 403, "forbidden");
    expect(forbidden.errors?.[0]?.path).toMatch(/\/pharmacy\[1\]\/identification\/id$/);
    await expectReceipt(await post(xmlBody(xml, pharmacy.apiKey)), 201);
    const changed = xml.replace("<model:name>Jagger</model:name>", "<model:name>Watts</model:name>");
    const conflict = await expectProblem(await post(xmlBody(changed, pharmacy.apiKey)), 409, "conflict");
    expect(conflict.errors?.[0]).toMatchObject({ code: "document_id_reused", path: expect.stringMatching(/\/bvacDocument\[1\]\/identification\/id$/) });
  });

  it("refuses a legacy code where the insurer no longer accepts it, with the reason in the body", async () => {
    const t = await tenant(gateway, { legacyBarcodes: "reject" });
    const response = await post(json(jsonDocument(t), bearer(t.pharmacy.apiKey)));
    const problem = await expectProblem(response, 403, "barcode_refused");
    expect(problem).toMatchObject({ reason: "legacy_rejected", errors: [{ path: "barcode", code: "legacy_rejected" }] });
  });

  it("refuses an XML message whose insurer refuses legacy codes, located at the barCode element", async () => {
    const pharmacy = await createPharmacy(gateway);
    const insurer = await createInsurer(gateway, { legacyBarcodes: "reject" });
    const xml = forTenant(example("6000-01-prescribed.xml"), { nihii: pharmacy.nihii, documentId: newDocumentId() }).replace(
      "<model:insurer>6000</model:insurer>",
      `<model:insurer>${insurer.code}</model:insurer>`,
    );
    const problem = await expectProblem(await post(xmlBody(xml, pharmacy.apiKey)), 403, "barcode_refused");
    expect(problem).toMatchObject({ reason: "legacy_rejected" });
    expect(problem.errors?.[0]?.path).toMatch(/\/bvacDocument\[1\]\/identification\/barCode$/);
  });

  it("refuses a member not covered on the delivery date, and an unknown member", async () => {
    const t = await tenant(gateway);
    await seedMember(gateway, t.insurer.code, t.key1, { from: "2010-01-01", to: "2026-11-19" });
    const notCovered = await expectProblem(await post(json(jsonDocument(t), bearer(t.pharmacy.apiKey))), 403, "barcode_refused");
    expect(notCovered).toMatchObject({ reason: "not_covered" });
    const unknown = await expectProblem(
      await post(json(jsonDocument(t, { barcode: `${t.insurer.code}0000000001` }), bearer(t.pharmacy.apiKey))),
      403,
      "barcode_refused",
    );
    expect(unknown).toMatchObject({ reason: "unknown_member" });
  });

  it("answers a replay of an accepted sale even after the member's coverage changed (DUPLICATA)", async () => {
    const t = await tenant(gateway);
    const document = jsonDocument(t);
    const first = await expectReceipt(await post(json(document, bearer(t.pharmacy.apiKey))), 201);
    await seedMember(gateway, t.insurer.code, t.key1, { from: "2010-01-01", to: "2026-11-19" });
    expect(await expectReceipt(await post(json(document, bearer(t.pharmacy.apiKey))), 200)).toEqual(first);
  });
});

describe("POST /v1/bvac: bodies that are not a document", () => {
  const key = async () => (await createPharmacy(gateway)).apiKey;

  it("refuses other content types (415)", async () => {
    const apiKey = await key();
    await expectProblem(await post({ method: "POST", headers: { "Content-Type": "text/plain", ...bearer(apiKey) }, body: "x" }), 415, "unsupported_media_type");
    await expectProblem(await post({ method: "POST", headers: bearer(apiKey) }), 415, "unsupported_media_type");
  });

  it("refuses malformed XML, a DOCTYPE (before any entity is expanded) and non-UTF-8 bytes (400)", async () => {
    const apiKey = await key();
    await expectProblem(await post(xmlBody("<smc:single-message><unclosed>", apiKey)), 400, "malformed_xml");
    const entity = `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]><x>&b;</x>`;
    const doctype = await expectProblem(await post(xmlBody(entity, apiKey)), 400, "malformed_xml");
    expect(doctype.errors).toEqual([expect.objectContaining({ path: "(body)", code: "doctype_refused" })]);
    const latin1 = new Uint8Array([...new TextEncoder().encode("<x>caf"), 0xe9, ...new TextEncoder().encode("</x>")]);
    const notUtf8 = await expectProblem(await post({ method: "POST", headers: { "Content-Type": "application/xml", ...bearer(apiKey) }, body: latin1 }), 400, "malformed_xml");
    expect(notUtf8.errors?.[0]?.code).toBe("not_utf8");
  });

  it("refuses an SMC message carrying several BVAC documents (one sale, one message)", async () => {
    const pharmacy = await createPharmacy(gateway);
    const xml = forTenant(example("0014-01-prescribed.xml"), { nihii: pharmacy.nihii, documentId: newDocumentId() });
    const documentBlock = xml.slice(xml.indexOf("<model:bvacDocument>"), xml.indexOf("</model:bvacList>"));
    const twice = xml.replace("</model:bvacList>", `${documentBlock}</model:bvacList>`);
    const problem = await expectProblem(await post(xmlBody(twice, pharmacy.apiKey)), 422, "validation_failed");
    expect(problem.errors).toEqual([expect.objectContaining({ code: "multiple_documents" })]);
  });
});

describe("GET /v1/bvac/{documentId}, cancel and receipt", () => {
  it("shows a pharmacy its own document only; another pharmacy gets a 404", async () => {
    const t = await tenant(gateway);
    const document = jsonDocument(t);
    await expectReceipt(await post(json(document, bearer(t.pharmacy.apiKey))), 201);
    const own = await storedDocument(t.pharmacy.apiKey, document.documentId);
    expect(own).toMatchObject({ status: "queued", cancelledAt: null, document: { documentId: document.documentId, barcode: { insurer: t.insurer.code, key1: t.key1 } } });
    const other = await createPharmacy(gateway);
    for (const path of ["", "/receipt.svg"]) {
      await expectProblem(await gateway.fetch(`/v1/bvac/${document.documentId}${path}`, { headers: bearer(other.apiKey) }), 404, "not_found");
    }
    await expectProblem(await gateway.fetch(`/v1/bvac/${document.documentId}/cancel`, { method: "POST", headers: bearer(other.apiKey) }), 404, "not_found");
    expect((await storedDocument(t.pharmacy.apiKey, document.documentId)).status).toBe("queued");
  });

  it("withdraws a document from the insurer's queue when cancelled before delivery", async () => {
    const t = await tenant(gateway);
    const [queuedThenDrained, stillInOutbox] = [jsonDocument(t), jsonDocument(t)];
    await expectReceipt(await post(json(queuedThenDrained, bearer(t.pharmacy.apiKey))), 201);
    await gateway.drainQueue();
    expect(await queueRows(gateway, t.pharmacy.nihii, queuedThenDrained.documentId)).toEqual({ outbox: 0, exports: 1, withdrawn: 0 });

    const cancel = (documentId: string) => gateway.fetch(`/v1/bvac/${documentId}/cancel`, { method: "POST", headers: bearer(t.pharmacy.apiKey) });
    const response = await cancel(queuedThenDrained.documentId);
    const body = await bodyOf(response);
    expect(response.status, JSON.stringify(body)).toBe(200);
    expect(CancellationSchema.parse(body)).toMatchObject({ status: "cancelled", outcome: "withdrawn" });
    expect(await queueRows(gateway, t.pharmacy.nihii, queuedThenDrained.documentId)).toEqual({ outbox: 0, exports: 1, withdrawn: 1 });
    // Cancelling again changes nothing.
    expect(await bodyOf(await cancel(queuedThenDrained.documentId))).toEqual(body);

    // A document whose outbox row was not yet moved: the row is deleted, nothing reaches the queue.
    await expectReceipt(await post(json(stillInOutbox, bearer(t.pharmacy.apiKey))), 201);
    expect(await bodyOf(await cancel(stillInOutbox.documentId))).toMatchObject({ status: "cancelled", outcome: "withdrawn" });
    await gateway.drainQueue();
    const rows = await queueRows(gateway, t.pharmacy.nihii, stillInOutbox.documentId);
    expect(rows.outbox).toBe(0);
    expect(rows.exports).toBe(rows.withdrawn);
  });

  it("queues a cancellation for the insurer when the document was already delivered", async () => {
    const t = await tenant(gateway);
    const document = jsonDocument(t);
    await expectReceipt(await post(json(document, bearer(t.pharmacy.apiKey))), 201);
    // Delivered = leased by the insurer and acknowledged.
    const delivered = await leaseAndAck(gateway, t.insurer.apiKey);
    expect(delivered.map((entry) => entry.documentId)).toEqual([document.documentId]);
    const response = await gateway.fetch(`/v1/bvac/${document.documentId}/cancel`, { method: "POST", headers: bearer(t.pharmacy.apiKey) });
    expect(CancellationSchema.parse(await bodyOf(response))).toMatchObject({ status: "delivered", outcome: "cancellation_queued" });
    await gateway.drainQueue();
    const kinds = await gateway.dbFor(t.insurer.code).all<{ kind: string; withdrawn_at: string | null }>(
      "SELECT kind, withdrawn_at FROM export_queue WHERE document_pk = (SELECT pk FROM bvac_documents WHERE pharmacy_nihii = ? AND document_id = ?) ORDER BY id",
      [t.pharmacy.nihii, document.documentId],
    );
    expect(kinds).toEqual([
      { kind: "document", withdrawn_at: null },
      { kind: "cancellation", withdrawn_at: null },
    ]);
    expect((await storedDocument(t.pharmacy.apiKey, document.documentId)).status).toBe("delivered");
  });

  it("renders the receipt barcode as SVG", async () => {
    const t = await tenant(gateway);
    const document = jsonDocument(t);
    await expectReceipt(await post(json(document, bearer(t.pharmacy.apiKey))), 201);
    const response = await gateway.fetch(`/v1/bvac/${document.documentId}/receipt.svg`, { headers: bearer(t.pharmacy.apiKey) });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^image\/svg\+xml/);
    const svg = await response.text();
    expect(svg).toMatch(/^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).not.toContain("Jagger");
  });
});
