/**
 * The worst bodies one can build under the 1 MiB body limit, per format and route, with the
 * answer each must get. Shared by the contract test (codes and a bounded answer size) and by
 * `bench/hostile.ts` (the time each takes and what a concurrent /healthz sees). No file system:
 * the SMC example text is passed in, so the same builders run in workerd.
 */

export const bodyLimit = 1_048_576;

/** A problem answer must stay small whatever the body: 100 problems of ~200 bytes, and headroom. */
export const maxAnswerBytes = 32_768;

export interface HostileBody {
  name: string;
  route: "bvac" | "roster" | "decision";
  contentType: string;
  body: string;
  /** The status and problem code it must get. */
  status: number;
  code: string;
  /** A code that must appear in `errors[]`, when the refusal names one. */
  errorCode?: string;
}

export interface HostileTenant {
  nihii: string;
  /** The scanned barcode text (14 digits) and its parts. */
  insurer: string;
  key1: string;
  /** An AssurPharma example message (any of the `-01-` … `-04-` ones). */
  smcExample: string;
}

/** Repeats `unit` as often as fits between `head` and `tail` under the body limit. */
function fill(head: string, unit: string, tail: string, separator = ""): string {
  const count = Math.floor((bodyLimit - head.length - tail.length) / (unit.length + separator.length));
  return head + Array.from({ length: count }, () => unit).join(separator) + tail;
}

/** Cuts a JSON document around its `lines` array, so the array can be filled. */
function jsonAround(document: Record<string, unknown>, key: string): [string, string] {
  const marker = "\"__fill__\"";
  const text = JSON.stringify({ ...document, [key]: "__fill__" });
  const [head, tail] = text.split(marker) as [string, string];
  return [`${head}[`, `]${tail}`];
}

function jsonDocument(t: HostileTenant, documentId: string) {
  return {
    documentId,
    pharmacy: { nihii: t.nihii, name: "Hostile pharmacy" },
    barcode: `${t.insurer}${t.key1}`,
    deliveryDate: "2026-11-20",
    patient: { name: "Jagger", firstName: "Mick" },
    lines: [] as unknown[],
  };
}

const validLine = { productType: 1, productId: "000000001597210", description: "FASTUM GEL DISPENSER 120 G", quantity: 1, publicPrice: "1.00", paidPrice: "1.00" };
const badLine = { productType: 9, productId: "x", description: "", quantity: -1.5, publicPrice: "1,00", paidPrice: "abc", prescriptionDate: "18/11/2026" };

/** The example message for this tenant, with its document id replaced. */
function smcFor(t: HostileTenant, documentId: string): string {
  return t.smcExample
    .replace(/(<model:pharmacy>\s*<model:identification>\s*<model:id>)[^<]*/, `$1${t.nihii}`)
    .replace(/(<model:bvacDocument>\s*<model:identification>\s*<model:id>)[^<]*/, `$1${documentId}`)
    .replace(/<model:insurer>[^<]*/, `<model:insurer>${t.insurer}`)
    .replace(/<model:key1>[^<]*/, `<model:key1>${t.key1}`);
}

/** The message's product list (from the first product to the end of the last) and its first product. */
const productOf = (xml: string) => {
  const start = xml.indexOf("<model:product>");
  const end = xml.lastIndexOf("</model:product>") + "</model:product>".length;
  return { start, end, product: xml.slice(start, xml.indexOf("</model:product>") + "</model:product>".length) };
};

/** Every hostile body for POST /v1/bvac, the roster and a decision. `documentId` makes each new. */
export function hostileBodies(t: HostileTenant, documentId: () => string): HostileBody[] {
  const json = "application/json";
  const xml = "application/xml";
  const bodies: HostileBody[] = [];
  const add = (body: HostileBody) => bodies.push(body);

  // JSON: many empty lines (the 3 000 became ~350 000 under the limit).
  const [head, tail] = jsonAround(jsonDocument(t, documentId()), "lines");
  add({ name: "JSON, empty lines to the limit", route: "bvac", contentType: json, body: fill(head, "{}", tail, ","), status: 422, code: "validation_failed", errorCode: "too_many_lines" });
  add({ name: "JSON, valid lines to the limit", route: "bvac", contentType: json, body: fill(head, JSON.stringify(validLine), tail, ","), status: 422, code: "validation_failed", errorCode: "too_many_lines" });
  const twoHundredBad = JSON.stringify({ ...jsonDocument(t, documentId()), lines: Array.from({ length: 200 }, () => badLine) });
  add({ name: "JSON, 200 lines of 7 problems each", route: "bvac", contentType: json, body: twoHundredBad, status: 422, code: "validation_failed", errorCode: "invalid_product_type" });
  const longText = "x".repeat(bodyLimit - 1_000);
  add({
    name: "JSON, one description of ~1 MiB",
    route: "bvac",
    contentType: json,
    body: JSON.stringify({ ...jsonDocument(t, documentId()), lines: [{ ...validLine, description: longText }] }),
    status: 422,
    code: "validation_failed",
    errorCode: "invalid_text",
  });
  add({
    name: "JSON, a barcode of ~1 MiB",
    route: "bvac",
    contentType: json,
    body: JSON.stringify({ ...jsonDocument(t, documentId()), barcode: `]Q1${"7".repeat(bodyLimit - 1_000)}`, lines: [validLine] }),
    status: 422,
    code: "validation_failed",
    errorCode: "invalid_barcode",
  });
  const deep = Math.floor((bodyLimit - 200) / 2);
  add({ name: "JSON, arrays nested ~500 000 deep", route: "bvac", contentType: json, body: `${"[".repeat(deep)}${"]".repeat(deep)}`, status: 400, code: "malformed_json", errorCode: "too_deep" });
  add({
    name: "JSON, ~60 000 unknown keys",
    route: "bvac",
    contentType: json,
    body: fill(`{"patient":{"name":"J"},`, `"k0000000":0`, `,"lines":[]}`, ",").replace(/k0000000/g, (() => {
      let index = 0;
      return () => `k${String(index++).padStart(7, "0")}`;
    })()),
    status: 422,
    code: "validation_failed",
    errorCode: "too_many_fields",
  });

  // SMC XML.
  const message = smcFor(t, documentId());
  const { start, end, product } = productOf(message);
  const withProducts = (count: number) => message.slice(0, start) + product.repeat(count) + message.slice(end);
  const productsUnderLimit = Math.floor((bodyLimit - message.length) / product.length);
  const elementsOf = (text: string) => text.match(/<[A-Za-z]/g)?.length ?? 0;
  const pastElementCap = elementsOf(message) + (productsUnderLimit - 1) * elementsOf(product) > 3_000;
  add({
    name: `XML, ${productsUnderLimit} real products (to the limit)`,
    route: "bvac",
    contentType: xml,
    body: withProducts(productsUnderLimit),
    ...(pastElementCap ? { status: 400, code: "malformed_xml", errorCode: "too_many_elements" } : { status: 422, code: "validation_failed", errorCode: "too_many_lines" }),
  });
  add({ name: "XML, 250 real products (under the element cap)", route: "bvac", contentType: xml, body: withProducts(250), status: 422, code: "validation_failed", errorCode: "too_many_lines" });
  const badProduct = product.replace(/<model:quantity>[^<]*/, "<model:quantity>p").replace(/<model:publicPrice>[^<]*/, "<model:publicPrice>1,00");
  add({
    name: "XML, 200 products of 2 problems each",
    route: "bvac",
    contentType: xml,
    body: message.slice(0, start) + badProduct.repeat(200) + message.slice(end),
    status: 422,
    code: "validation_failed",
    errorCode: "invalid_quantity",
  });
  // Refused for a declared total with a comma, so every send gets the same answer.
  const unpaid = message.replace(/<model:totalPublicPrice>[^<]*/, "<model:totalPublicPrice>1,00");
  const documentAt = unpaid.indexOf("<model:currency>");
  add({
    name: "XML, 2 900 sibling elements in a document",
    route: "bvac",
    contentType: xml,
    body: unpaid.slice(0, documentAt) + "<model:x/>".repeat(2_900) + unpaid.slice(documentAt),
    status: 422,
    code: "validation_failed",
    errorCode: "invalid_amount",
  });
  add({ name: "XML, 64 levels deep then 2 900 wide", route: "bvac", contentType: xml, body: `${"<a>".repeat(63)}${"<b/>".repeat(2_900)}${"</a>".repeat(63)}`, status: 422, code: "validation_failed", errorCode: "unsupported_message" });
  add({ name: "XML, empty elements to the limit", route: "bvac", contentType: xml, body: fill("<a>", "<b/>", "</a>"), status: 400, code: "malformed_xml", errorCode: "too_many_elements" });
  add({ name: "XML, nested past the depth cap", route: "bvac", contentType: xml, body: `${"<a>".repeat(2_900)}${"</a>".repeat(2_900)}`, status: 400, code: "malformed_xml", errorCode: "too_deep" });
  const manyAttributes = `<e ${Array.from({ length: 50 }, (_, index) => `a${index}="v"`).join(" ")}/>`;
  add({ name: "XML, 1 500 attributes on 30 elements", route: "bvac", contentType: xml, body: `<r>${manyAttributes.repeat(30)}</r>`, status: 400, code: "malformed_xml", errorCode: "too_many_attributes" });
  add({ name: "XML, one tag of ~1 MiB of attributes", route: "bvac", contentType: xml, body: fill("<a ", `a="v"`, "/>", " "), status: 400, code: "malformed_xml", errorCode: "too_long_text" });
  const descriptionAt = message.indexOf("</model:fullDescription>");
  add({
    name: "XML, one description of ~1 MiB",
    route: "bvac",
    contentType: xml,
    body: message.slice(0, descriptionAt) + "x".repeat(bodyLimit - message.length - 10) + message.slice(descriptionAt),
    status: 400,
    code: "malformed_xml",
    errorCode: "too_long_text",
  });

  // Roster NDJSON (PUT /v1/members): 250 lines of 50 overlapping, reversed periods; a million blank lines.
  const periods = Array.from({ length: 50 }, () => ({ from: "2026-01-02", to: "2026-01-01" }));
  const rosterLine = (index: number) => JSON.stringify({ insurer: t.insurer, key1: String(1_000_000_000 + index), name: "M", coverage: periods });
  add({ name: "NDJSON roster, 250 lines of 99 problems", route: "roster", contentType: "application/x-ndjson", body: Array.from({ length: 250 }, (_, index) => rosterLine(index)).join("\n"), status: 422, code: "validation_failed", errorCode: "period_reversed" });
  const member = JSON.stringify({ insurer: t.insurer, key1: t.key1, name: "M", coverage: [{ from: "2010-01-01" }] });
  add({ name: "NDJSON roster, newlines to the limit", route: "roster", contentType: "application/x-ndjson", body: `${member}${"\n".repeat(bodyLimit - 2_000)}`, status: 200, code: "" });
  add({ name: "NDJSON roster, short lines to the limit", route: "roster", contentType: "application/x-ndjson", body: fill("", "{}", "", "\n"), status: 413, code: "payload_too_large" });

  // A decision with a ~1 MiB reason.
  add({ name: "JSON decision, a reason of ~1 MiB", route: "decision", contentType: json, body: JSON.stringify({ status: "accepted", reason: "x".repeat(bodyLimit - 100) }), status: 422, code: "validation_failed", errorCode: "too_big" });
  return bodies;
}
