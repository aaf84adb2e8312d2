import fc from "fast-check";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getHarness } from "#harness";
import type { Harness } from "../harness/types.js";
import { bearer, createPharmacy } from "./helpers.js";

/**
 * Hostile and broken input on the pharmacy routes: whatever arrives, the gateway never answers
 * 5xx, and every refusal is problem+json with a code. Property-based (fast-check) over the JSON
 * body, the SMC XML body and the barcode text, plus the classic attacks by name.
 */

let gateway: Harness;
let pharmacy: { nihii: string; apiKey: string };
let runs: { numRuns: number };
beforeAll(async () => {
  gateway = await getHarness();
  // workerd answers about ten times slower in-process; fewer runs keep the suite short there.
  runs = { numRuns: gateway.runtime === "node" ? 60 : 20 };
});
// A fresh pharmacy (and key) per test: each property sends more requests than one key's burst.
beforeEach(async () => {
  pharmacy = await createPharmacy(gateway);
});

function validJson(documentId = crypto.randomUUID()): Record<string, unknown> {
  return {
    documentId,
    pharmacy: { nihii: pharmacy.nihii, name: "Fuzz pharmacy" },
    barcode: "60009912319994",
    currency: "EUR",
    deliveryDate: "2026-11-20",
    patient: { name: "Jagger", firstName: "Mick" },
    prescriber: { riziv: "10000106999", name: "Richards" },
    lines: [{ productType: 1, productId: "000000001597210", description: "FASTUM GEL", quantity: 3, publicPrice: "17.31", paidPrice: "17.31" }],
  };
}

function validXml(documentId = crypto.randomUUID()): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<smc:single-message xmlns:smc="http://www.apb.be/standards/smoa/schema/v1" xmlns:model="http://www.apb.be/standards/smoa/schema/model/v1" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><smc:unsigned><smc:eventFolder><smc:events><smc:event xsi:type="smc:BvacEventType"><smc:id>12345678-1234-1234-1234-0123456789AB</smc:id><smc:PharmacyList><model:pharmacy><model:identification><model:id>${pharmacy.nihii}</model:id></model:identification><model:identity><model:name>Fuzz</model:name></model:identity><model:bvacList><model:bvacDocument><model:identification><model:id>${documentId}</model:id><model:barCode><model:insurer>6000</model:insurer><model:key1>9912319994</model:key1></model:barCode></model:identification><model:currency>EUR</model:currency><model:deliveryDate>2026-11-20</model:deliveryDate><model:patient><model:identity><model:name>Jagger</model:name><model:firstName>Mick</model:firstName></model:identity></model:patient><model:productList><model:product><model:identification><model:productTypeId>1</model:productTypeId><model:id>000000001597210</model:id></model:identification><model:description><model:fullDescription>FASTUM</model:fullDescription></model:description><model:quantity>3</model:quantity><model:amounts><model:publicPrice>17.31</model:publicPrice><model:paidPrice>17.31</model:paidPrice></model:amounts></model:product></model:productList><model:totalAmounts><model:totalPublicPrice>17.31</model:totalPublicPrice><model:totalPaidPrice>17.31</model:totalPaidPrice><model:totalHomeopathie>0.00</model:totalHomeopathie></model:totalAmounts></model:bvacDocument></model:bvacList></model:pharmacy></smc:PharmacyList></smc:event></smc:events></smc:eventFolder></smc:unsigned></smc:single-message>`;
}

function send(body: BodyInit, contentType: string, path = "/v1/bvac") {
  return gateway.fetch(path, { method: "POST", headers: { "Content-Type": contentType, ...bearer(pharmacy.apiKey) }, body });
}

/** Never a 5xx; a refusal is problem+json whose `code` and `status` match the response. */
async function expectClean(response: Response, label: string): Promise<{ status: number; code?: string }> {
  const text = await response.text();
  expect(response.status, `${label}: ${text.slice(0, 300)}`).toBeLessThan(500);
  if (response.status >= 400) {
    expect(response.headers.get("content-type"), label).toMatch(/^application\/problem\+json/);
    const problem = JSON.parse(text) as { status: number; code: unknown };
    expect(problem.status, label).toBe(response.status);
    expect(typeof problem.code, label).toBe("string");
    return { status: response.status, code: problem.code as string };
  }
  return { status: response.status };
}

/** A JSON value at a random path of the document replaced by anything JSON can hold. */
const mutatedJson = fc
  .tuple(fc.constantFrom("documentId", "pharmacy", "barcode", "currency", "deliveryDate", "patient", "prescriber", "lines", "totals", "internalReference"), fc.jsonValue({ maxDepth: 4 }))
  .map(([key, value]) => ({ ...validJson(), [key]: value }));

const mutatedLine = fc
  .tuple(fc.constantFrom("productType", "productId", "description", "quantity", "publicPrice", "paidPrice", "prescriptionDate", "homeopathic"), fc.jsonValue({ maxDepth: 2 }))
  .map(([key, value]) => {
    const document = validJson();
    const [line] = document.lines as Array<Record<string, unknown>>;
    return { ...document, lines: [{ ...line, [key]: value }] };
  });

describe("property: JSON bodies", () => {
  it("any JSON value as the body is refused cleanly", async () => {
    await fc.assert(fc.asyncProperty(fc.jsonValue({ maxDepth: 5 }), async (value) => void (await expectClean(await send(JSON.stringify(value), "application/json"), JSON.stringify(value).slice(0, 80)))), runs);
  });

  it("a valid document with one field replaced by anything: stored or refused cleanly", async () => {
    await fc.assert(fc.asyncProperty(fc.oneof(mutatedJson, mutatedLine), async (document) => void (await expectClean(await send(JSON.stringify(document), "application/json"), JSON.stringify(document).slice(0, 120)))), runs);
  });

  it("arbitrary text sent as JSON is malformed_json, never a crash", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: "binary", maxLength: 300 }), async (text) => {
        const outcome = await expectClean(await send(text, "application/json"), text.slice(0, 80));
        expect(outcome.status).toBeGreaterThanOrEqual(400);
      }),
      runs,
    );
  });
});

describe("property: XML bodies", () => {
  it("a valid SMC message cut, spliced or salted at random positions is stored or refused cleanly", async () => {
    const edit = fc.tuple(fc.nat(), fc.nat({ max: 40 }), fc.string({ unit: "binary", maxLength: 20 }));
    await fc.assert(
      fc.asyncProperty(fc.array(edit, { minLength: 1, maxLength: 4 }), async (edits) => {
        let xml = validXml();
        for (const [at, remove, insert] of edits) {
          const position = at % (xml.length + 1);
          xml = xml.slice(0, position) + insert + xml.slice(position + remove);
        }
        await expectClean(await send(xml, "application/xml"), JSON.stringify(edits).slice(0, 120));
      }),
      runs,
    );
  });

  it("arbitrary bytes sent as XML are refused cleanly", async () => {
    await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 400 }), async (bytes) => void (await expectClean(await send(bytes, "application/xml"), `bytes ${bytes.length}`))), runs);
  });
});

describe("property: barcode text", () => {
  it("any scanned text is a 200 decision or a clean 422, on verify and in a document", async () => {
    const scanned = fc.oneof(
      fc.string({ unit: "binary", maxLength: 320 }),
      fc.string({ unit: "binary", maxLength: 300 }).map((tail) => `AP1:${tail}`),
      fc.tuple(fc.constantFrom("]Q1", "]d2", "]C0", ""), fc.stringMatching(/^\d{12,16}$/), fc.constantFrom("", "\r\n", "\n", "  ")).map((parts) => parts.join("")),
      fc.array(fc.base64String({ maxLength: 120 }), { minLength: 3, maxLength: 3 }).map((segments) => `AP1:${segments.join(".").replace(/[+/=]/g, "A")}`),
    );
    await fc.assert(
      fc.asyncProperty(scanned, async (barcode) => {
        const verify = await expectClean(await send(JSON.stringify({ barcode }), "application/json", "/v1/barcodes/verify"), barcode.slice(0, 80));
        expect([200, 422]).toContain(verify.status);
        await expectClean(await send(JSON.stringify({ ...validJson(), barcode }), "application/json"), barcode.slice(0, 80));
      }),
      runs,
    );
  });
});

describe("named attacks and limits", () => {
  it("refuses a billion-laughs DOCTYPE at once, without expanding it", async () => {
    const laughs = Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i};`.repeat(10)}">`).join("");
    const xml = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol0 "lol">${laughs}]>${validXml().replace(/^<\?xml[^>]*>/, "").replace("<model:name>Jagger</model:name>", "<model:name>&lol9;</model:name>")}`;
    const started = Date.now();
    const outcome = await expectClean(await send(xml, "application/xml"), "billion laughs");
    expect(outcome).toMatchObject({ status: 400, code: "malformed_xml" });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("refuses an external entity without reading it", async () => {
    const xml = `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>${validXml().replace(/^<\?xml[^>]*>/, "").replace("<model:name>Jagger</model:name>", "<model:name>&xxe;</model:name>")}`;
    const response = await send(xml, "application/xml");
    const text = await response.clone().text();
    expect(await expectClean(response, "xxe")).toMatchObject({ status: 400, code: "malformed_xml" });
    expect(text).not.toMatch(/root:/);
  });

  it("refuses deep nesting in JSON and XML", async () => {
    const deepJson = `${"[".repeat(100_000)}${"]".repeat(100_000)}`;
    expect((await expectClean(await send(deepJson, "application/json"), "deep JSON")).status).toBeGreaterThanOrEqual(400);
    const deepObject = JSON.stringify({ ...validJson(), patient: JSON.parse(`${'{"a":'.repeat(2000)}1${"}".repeat(2000)}`) });
    // Refused before JSON.parse builds anything: no BVAC document nests deeper than 16 levels.
    expect(await expectClean(await send(deepObject, "application/json"), "deep object")).toMatchObject({ status: 400, code: "malformed_json" });
    const deepXml = validXml().replace("<model:name>Jagger</model:name>", `<model:name>${"<x>".repeat(5000)}${"</x>".repeat(5000)}</model:name>`);
    expect(await expectClean(await send(deepXml, "application/xml"), "deep XML")).toMatchObject({ status: 400, code: "malformed_xml" });
  });

  it("refuses huge numbers and amounts with field problems", async () => {
    const document = validJson();
    const line = (document.lines as Array<Record<string, unknown>>)[0]!;
    const huge = JSON.stringify({ ...document, lines: [{ ...line, quantity: 1e308, publicPrice: "999999999999999999.99", paidPrice: "1e999" }] }).replace("1e+308", "1e999999");
    expect(await expectClean(await send(huge, "application/json"), "huge numbers")).toMatchObject({ status: 422, code: "validation_failed" });
  });

  it("refuses 10 000 lines cleanly (too many lines, or too large a body)", async () => {
    const line = { productType: 0, description: "x", quantity: 1, publicPrice: "0.01", paidPrice: "0.01" };
    const body = JSON.stringify({ ...validJson(), lines: Array.from({ length: 10_000 }, () => line) });
    expect([413, 422]).toContain((await expectClean(await send(body, "application/json"), "10 000 lines")).status);
    const xmlLines = validXml().replace(/<model:productList>(.*)<\/model:productList>/, (_, product: string) => `<model:productList>${product.repeat(10_000)}</model:productList>`);
    expect([400, 413, 422]).toContain((await expectClean(await send(xmlLines, "application/xml"), "10 000 XML lines")).status);
  });

  it("refuses bodies that are not UTF-8", async () => {
    const latin1 = new Uint8Array([...new TextEncoder().encode('{"documentId":"'), 0xe9, 0xff, 0xfe, ...new TextEncoder().encode('"}')]);
    expect((await expectClean(await send(latin1, "application/json"), "latin-1 JSON")).status).toBeGreaterThanOrEqual(400);
    const declared = validXml().replace('encoding="UTF-8"', 'encoding="ISO-8859-1"');
    expect(await expectClean(await send(declared, "application/xml"), "ISO-8859-1 XML")).toMatchObject({ status: 400, code: "malformed_xml" });
    const broken = new TextEncoder().encode(validXml().replace("Jagger", "J\u00e4gger"));
    broken[broken.indexOf(0xc3) + 1] = 0x41; // "ä" is C3 A4; C3 followed by "A" is not UTF-8
    expect(await expectClean(await send(broken, "application/xml"), "broken UTF-8 XML")).toMatchObject({ status: 400, code: "malformed_xml" });
  });
});
