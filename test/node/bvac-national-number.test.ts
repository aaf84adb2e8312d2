import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exampleAsJson, fixtures, forTenant, newDocumentId, seedMember, xmlBody } from "../contract/bvac-helpers.js";
import { bearer, bodyOf, createInsurer, createPharmacy, json } from "../contract/helpers.js";
import { nodeGateway } from "../support/node-gateway.js";

// The examples' patient national number, and one more sent in a JSON submission.
const xmlNationalNumber = "78102012345";
const jsonNationalNumber = "85073003328";

let dataDir: string;
let gateway: Awaited<ReturnType<typeof nodeGateway>>;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "pharmagate-privacy-"));
  gateway = await nodeGateway({ filename: join(dataDir, "pharmagate.sqlite"), dataDir });
});
afterAll(async () => {
  await gateway?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("the patient's national number", () => {
  it("leaves no trace in the SQLite file or its WAL after XML and JSON submissions that carry it", async () => {
    const { harness } = gateway;
    const pharmacy = await createPharmacy(harness);
    await createInsurer(harness, {}, "0014");
    await seedMember(harness, "0014", "0159500001");
    const xml = forTenant(fixtures["0014-01-prescribed.xml"] ?? "", { nihii: pharmacy.nihii, documentId: newDocumentId() });
    expect(xml).toContain(xmlNationalNumber);
    const fromXml = await harness.fetch("/v1/bvac", xmlBody(xml, pharmacy.apiKey));
    expect(fromXml.status, JSON.stringify(await bodyOf(fromXml))).toBe(201);

    const body = exampleAsJson(xml, { nihii: pharmacy.nihii, documentId: newDocumentId() });
    body.patient.nationalNumber = jsonNationalNumber;
    const fromJson = await harness.fetch("/v1/bvac", json(body, bearer(pharmacy.apiKey)));
    expect(fromJson.status, JSON.stringify(await bodyOf(fromJson))).toBe(201);
    await harness.drainQueue();

    // Every byte the database wrote: main file, WAL and shared-memory index, read while open
    // (the WAL is where fresh commits live before a checkpoint).
    const files = readdirSync(dataDir).filter((name) => name.startsWith("pharmagate.sqlite"));
    expect(files).toEqual(expect.arrayContaining(["pharmagate.sqlite", "pharmagate.sqlite-wal"]));
    const bytes = Buffer.concat(files.map((name) => readFileSync(join(dataDir, name))));
    // The check can fail: the same bytes do hold the patient's name that was sent with it.
    expect(bytes.includes("Jagger")).toBe(true);
    for (const digits of [xmlNationalNumber, jsonNationalNumber]) expect(bytes.includes(digits)).toBe(false);
  });
});
