// First: @hono/zod-openapi must extend zod before any domain schema is built, because route
// modules call `.openapi()` on schemas from src/bvac (instances built earlier lack the method).
import "@hono/zod-openapi";
import { createDecipheriv, generateKeyPairSync } from "node:crypto";
import forge from "node-forge";
import { beforeAll, describe, expect, it } from "vitest";
import { writeSmcMessage } from "../../src/bvac/formats/smc-xml-out.js";
import { BvacDocumentSchema } from "../../src/bvac/model.js";
import { getHarness } from "../harness/node.js";
import type { Harness } from "../harness/types.js";
import { acceptedExamples, exampleAsJson, fixtures, forTenant, xmlBody } from "../contract/bvac-helpers.js";
import { bearer, bodyOf, createInsurer, createPharmacy, expectProblem, json } from "../contract/helpers.js";
import { sampleDocument, storeQueuedDocument } from "../support/bvac-documents.js";
import { bvacListSchema, smcSchema, xsdErrors } from "../support/xsd.js";

let gateway: Harness;
beforeAll(async () => {
  gateway = await getHarness();
});

interface BvacElement {
  cbfa: string;
  sguid: string;
  documentId: string;
  encryptedKey: string;
  sealed: string;
}

function bvacElements(xml: string): BvacElement[] {
  return [...xml.matchAll(/<Bvac><CBFA>(\d+)<\/CBFA><SGUID>([^<]+)<\/SGUID><BvacDocumentId>([^<]+)<\/BvacDocumentId><EncryptedSymmetricKey>([^<]*)<\/EncryptedSymmetricKey><SingleMessageSealed>([^<]+)<\/SingleMessageSealed><\/Bvac>/g)].map(
    (match) => ({ cbfa: match[1]!, sguid: match[2]!, documentId: match[3]!, encryptedKey: match[4]!, sealed: match[5]! }),
  );
}

/**
 * Opens a sealed entry as an insurer's import job would: the AES key with node-forge's RSA PKCS#1
 * v1.5 (pure JavaScript, an implementation independent of the gateway's node:crypto; Node 20
 * refuses PKCS#1 v1.5 private decryption), then AES-256-CBC with the IV in front of the ciphertext.
 */
function unseal(entry: BvacElement, privateKeyPem: string): string {
  const sealedKey = Buffer.from(entry.encryptedKey, "base64").toString("binary");
  const aesKey = Buffer.from(forge.pki.privateKeyFromPem(privateKeyPem).decrypt(sealedKey, "RSAES-PKCS1-V1_5"), "binary");
  expect(aesKey).toHaveLength(32);
  const sealed = Buffer.from(entry.sealed, "base64");
  const decipher = createDecipheriv("aes-256-cbc", aesKey, sealed.subarray(0, 16));
  return Buffer.concat([decipher.update(sealed.subarray(16)), decipher.final()]).toString("utf8");
}

describe("BvacList XML export (Node: libxml2 XSD validation and node-forge unsealing)", () => {
  it("validates against the AssurPharma schemas and seals each message so the private key opens it", async () => {
    const { publicKey, privateKey } = generateKeyPairSync("rsa", {
      modulusLength: 2048,
      publicKeyEncoding: { type: "spki", format: "pem" },
      privateKeyEncoding: { type: "pkcs8", format: "pem" },
    });
    const insurer = await createInsurer(gateway, { sealPublicKey: publicKey });
    const pharmacy = await createPharmacy(gateway);
    const docs = [0, 1, 2].map((i) => sampleDocument({ nihii: pharmacy.nihii, insurer: insurer.code, key1: "9912319994", patientName: `Patient ${i} & <co>` }));
    for (const doc of docs) await storeQueuedDocument(gateway.db, doc);

    const response = await gateway.fetch("/v1/exports", json({ limit: 10 }, { ...bearer(insurer.apiKey), Accept: "application/xml" }));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/xml/);
    const xml = await response.text();
    expect(await xsdErrors(xml, bvacListSchema)).toBe("");

    const entries = bvacElements(xml);
    expect(entries.map((entry) => entry.documentId)).toEqual(docs.map((doc) => doc.documentId));
    const leasedAt = await gateway.db.first<{ created_at: string }>("SELECT created_at FROM export_batches WHERE id = ?", [response.headers.get("x-batch-id")]);
    for (const [index, entry] of entries.entries()) {
      expect(entry.cbfa).toBe(insurer.code);
      const message = unseal(entry, privateKey);
      expect(await xsdErrors(message, smcSchema)).toBe("");
      // Exactly the message the gateway wrote from the stored document, byte for byte.
      expect(message).toBe(writeSmcMessage(BvacDocumentSchema.parse(docs[index]), { messageId: entry.sguid, createdAt: leasedAt!.created_at }));
    }
    // Another insurer's private key does not open the seal.
    const other = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
    expect(() => unseal(entries[0]!, other.privateKey)).toThrow();
  });

  it("hands the AssurPharma example messages, ingested as SMC XML, to their insurers sealed and schema-valid", async () => {
    const { publicKey, privateKey } = generateKeyPairSync("rsa", {
      modulusLength: 2048,
      publicKeyEncoding: { type: "spki", format: "pem" },
      privateKeyEncoding: { type: "pkcs8", format: "pem" },
    });
    const pharmacy = await createPharmacy(gateway);
    const keys = new Map<string, string>();
    const sent: Array<{ insurer: string; documentId: string; expected: ReturnType<typeof exampleAsJson> }> = [];
    for (const name of acceptedExamples) {
      const example = fixtures[name] ?? "";
      const insurer = /<model:insurer>(\d{4})<\/model:insurer>/.exec(example)?.[1] ?? "";
      const key1 = /<model:key1>(\d{10})<\/model:key1>/.exec(example)?.[1] ?? "";
      if (!keys.has(insurer)) {
        const registered = await createInsurer(gateway, { sealPublicKey: publicKey }, insurer);
        keys.set(insurer, registered.apiKey);
        const roster = await gateway.fetch("/v1/members", {
          method: "PUT",
          headers: { ...bearer(registered.apiKey), "Content-Type": "application/x-ndjson" },
          body: JSON.stringify({ insurer, key1, name: "Example member", coverage: [{ from: "2010-01-01" }] }),
        });
        expect(roster.status, await roster.clone().text()).toBe(200);
      }
      const tenant = { nihii: pharmacy.nihii, documentId: crypto.randomUUID() };
      const xml = forTenant(example, tenant);
      const submitted = await gateway.fetch("/v1/bvac", xmlBody(xml, pharmacy.apiKey));
      expect(submitted.status, `${name}: ${JSON.stringify(await bodyOf(submitted.clone()))}`).toBe(201);
      sent.push({ insurer, documentId: tenant.documentId, expected: exampleAsJson(xml, tenant) });
    }
    expect([sent.length, keys.size]).toEqual([12, 3]);
    for (const [insurer, key] of keys) {
      const response = await gateway.fetch("/v1/exports", json({ limit: 100 }, { ...bearer(key), Accept: "application/xml" }));
      const xml = await response.text();
      expect(await xsdErrors(xml, bvacListSchema)).toBe("");
      const entries = bvacElements(xml);
      const mine = sent.filter((item) => item.insurer === insurer);
      expect(entries.map((entry) => entry.documentId)).toEqual(mine.map((item) => item.documentId));
      for (const [index, entry] of entries.entries()) {
        const message = unseal(entry, privateKey);
        expect(await xsdErrors(message, smcSchema)).toBe("");
        // Compared with an independent (regex) reading of the original example.
        const back = exampleAsJson(message, { nihii: pharmacy.nihii, documentId: entry.documentId });
        const expected = mine[index]!.expected;
        expect(back.barcode).toBe(expected.barcode);
        expect(back.totals).toEqual(expected.totals);
        expect(back.lines.map(({ productType, productId, publicPrice, paidPrice, quantity }) => ({ productType, productId, publicPrice, paidPrice, quantity }))).toEqual(
          expected.lines.map(({ productType, productId, publicPrice, paidPrice, quantity }) => ({ productType, productId, publicPrice, paidPrice, quantity })),
        );
        // The patient's national number is not exported.
        expect(message).not.toContain(expected.patient.nationalNumber ?? "no national number");
      }
    }
    // Fifteen messages through libxml2 in WebAssembly and RSA unsealing: seconds alone, more on a shared machine.
  }, 90_000);

  it("refuses to register a seal key that is not a usable RSA public key", async () => {
    const notRsa = "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=\n-----END PUBLIC KEY-----\n";
    const response = await gateway.fetch("/v1/admin/insurers", json({ code: "7999", name: "X", sealPublicKey: notRsa }, bearer(gateway.adminKey)));
    const problem = await expectProblem(response, 422, "validation_failed");
    expect(problem.errors?.map((error) => error.path)).toEqual(["sealPublicKey"]);
  });
});
