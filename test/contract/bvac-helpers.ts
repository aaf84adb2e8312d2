/// <reference types="vite/client" />
import type { Statement } from "../../src/core/ports.js";
import { insurerCopy } from "../../src/core/store/locator.js";
import { expect } from "vitest";
import { upsertMember } from "../../src/core/store/members.js";
import type { Harness } from "../harness/types.js";
import { bearer, createInsurer, createPharmacy, json } from "./helpers.js";

/**
 * Helpers for the BVAC ingestion contract tests. The AssurPharma examples are bundled as text
 * (copies of shared/fixtures/assurpharma/examples, unedited) so the same test runs in workerd,
 * which has no file system.
 */
const examples = import.meta.glob<string>("../fixtures/assurpharma/examples/*.xml", { query: "?raw", import: "default", eager: true });

export const fixtures: Record<string, string> = Object.fromEntries(
  Object.entries(examples).map(([path, text]) => [path.split("/").at(-1) ?? path, text]),
);
export const acceptedExamples = Object.keys(fixtures).filter((name) => /-0[1-4]-/.test(name)).sort();
export const flawedExamples = Object.keys(fixtures).filter((name) => /-05-with-flaws/.test(name)).sort();

/** The examples' shared pharmacy and document id (fixtures README). */
const examplePharmacy = "27456740";
const exampleDocumentId = "abcdefghijklmnopqrstuvwx1";

/** An example rewritten for a per-test tenant: its pharmacy NIHII and a fresh document id. */
export function forTenant(xml: string, tenant: { nihii: string; documentId: string }): string {
  return xml.replaceAll(`>${examplePharmacy}<`, `>${tenant.nihii}<`).replaceAll(`>${exampleDocumentId}<`, `>${tenant.documentId}<`);
}

export const xmlBody = (xml: string, key: string, contentType = "application/xml"): RequestInit => ({
  method: "POST",
  headers: { "Content-Type": contentType, ...bearer(key) },
  body: xml,
});

export { jsonDocument, newDocumentId } from "../support/bvac-documents.js";

const section = (xml: string, name: string) => xml.slice(xml.indexOf(`<model:${name}>`), xml.indexOf(`</model:${name}>`));
const value = (xml: string, name: string) => new RegExp(`<model:${name}>([^<]*)</model:${name}>`).exec(xml)?.[1];

/**
 * The JSON equivalent of an example, read with plain regexes (deliberately not the gateway's XML
 * reader, so the two input paths are compared against an independent reading).
 */
export function exampleAsJson(xml: string, tenant: { nihii: string; documentId: string }) {
  const document = section(xml, "bvacDocument");
  const patient = section(document, "patient");
  const doctor = section(document, "doctor");
  const products = section(document, "productList").split("<model:product>").slice(1);
  return {
    documentId: tenant.documentId,
    pharmacy: { nihii: tenant.nihii, name: value(section(xml, "identity"), "name") },
    barcode: `${value(document, "insurer")}${value(document, "key1")}`,
    currency: value(document, "currency"),
    deliveryDate: value(document, "deliveryDate"),
    patient: {
      name: value(section(patient, "identity"), "name"),
      firstName: value(patient, "firstName"),
      birthDate: value(patient, "birthDate"),
      nationalNumber: value(section(patient, "identification"), "id"),
    },
    prescriber: { riziv: value(doctor, "inamiNumber"), name: value(section(doctor, "identity"), "name"), firstName: value(doctor, "firstName") },
    lines: products.map((product) => ({
      productType: Number(value(product, "productTypeId")),
      productId: value(product, "id"),
      description: value(product, "fullDescription"),
      prescriptionDate: value(product, "prescriptionDate"),
      quantity: Number(value(product, "quantity")),
      publicPrice: value(product, "publicPrice"),
      paidPrice: value(product, "paidPrice"),
    })),
    totals: {
      publicPrice: value(document, "totalPublicPrice"),
      paidPrice: value(document, "totalPaidPrice"),
      homeopathy: value(document, "totalHomeopathie"),
    },
  };
}

/** Declared totals of an example, as decimal strings. */
export const declaredTotals = (xml: string) => ({
  publicPrice: value(xml, "totalPublicPrice"),
  paidPrice: value(xml, "totalPaidPrice"),
  homeopathy: value(xml, "totalHomeopathie"),
});

/** A member of `insurer` covered over the given period (there is no roster API on this branch yet). */
export async function seedMember(harness: Harness, insurer: string, key1: string, coverage = { from: "2010-01-01", to: null as string | null }) {
  await harness.dbFor(insurer).batch([...(await insurerCopyFor(harness, insurer)), ...upsertMember({ insurer, key1, name: "Test Member", birthDate: null, guardianKey1: null, coverage: [coverage] }, new Date().toISOString())]);
}

/** Registers the examples' insurers (legacy codes accepted, no mod 97: the test cards do not hold it) and members. */
export async function registerExampleInsurers(harness: Harness) {
  const registered = new Set<string>();
  for (const xml of acceptedExamples.map((name) => fixtures[name] ?? "")) {
    const insurer = value(xml, "insurer") ?? "";
    // Several examples share an insurer; registering a code twice is a 409.
    if (!registered.has(insurer)) {
      const response = await harness.fetch("/v1/admin/insurers", json({ code: insurer, name: `Insurer ${insurer}` }, bearer(harness.adminKey)));
      expect(response.status).toBe(201);
      registered.add(insurer);
    }
    await seedMember(harness, insurer, value(xml, "key1") ?? "");
  }
}

/** A pharmacy, an insurer with the given policy and a covered member: a fresh tenant for one test. */
export async function tenant(harness: Harness, policy: { legacyBarcodes?: "accept" | "reject"; mod97?: boolean } = {}, code?: string) {
  const pharmacy = await createPharmacy(harness);
  const insurer = await createInsurer(harness, policy, code);
  const key1 = String(1_000_000_000 + Math.floor(Math.random() * 8_999_999_999));
  await seedMember(harness, insurer.code, key1);
  return { pharmacy, insurer, key1, barcode: `${insurer.code}${key1}` };
}


/** The insurer's row copied into its own database, as the roster does before members (none on the shared one). */
export async function insurerCopyFor(harness: Harness, insurer: string): Promise<Statement[]> {
  if (harness.dbFor(insurer) === harness.db) return [];
  const row = await harness.db.first<{ name: string }>("SELECT name FROM insurers WHERE code = ?", [insurer]);
  return row ? [insurerCopy({ code: insurer, name: row.name }, new Date().toISOString())] : [];
}

/** Rows announcing or holding a document in the queue (pending outbox + export queue entries), in whichever database holds it. */
export async function queueRows(harness: Harness, nihii: string, documentId: string) {
  const located = await harness.db.first<{ insurer: string }>("SELECT insurer FROM document_locator WHERE pharmacy_nihii = ? AND document_id = ?", [nihii, documentId]);
  const row = await (located ? harness.dbFor(located.insurer) : harness.db).first<{ outbox: number; exports: number; withdrawn: number }>(
    `SELECT (SELECT count(*) FROM outbox o WHERE o.document_pk = d.pk) AS outbox,
            (SELECT count(*) FROM export_queue e WHERE e.document_pk = d.pk) AS exports,
            (SELECT count(*) FROM export_queue e WHERE e.document_pk = d.pk AND e.withdrawn_at IS NOT NULL) AS withdrawn
       FROM bvac_documents d WHERE d.pharmacy_nihii = ? AND d.document_id = ?`,
    [nihii, documentId],
  );
  return row ?? { outbox: 0, exports: 0, withdrawn: 0 };
}

