import { describe, expect, it } from "vitest";
import { readSmcMessage } from "../../src/bvac/formats/smc-xml-in.js";
import { MalformedXml, childOf, childrenOf, parseXmlTree } from "../../src/bvac/formats/xml-tree.js";

const encode = (text: string) => new TextEncoder().encode(text);
const smc = "http://www.apb.be/standards/smoa/schema/v1";
const model = "http://www.apb.be/standards/smoa/schema/model/v1";

const message = (documents: string, prefix = "m") => `<?xml version="1.0" encoding="utf-8"?>
<s:single-message xmlns:s="${smc}" xmlns:${prefix}="${model}"><s:unsigned><s:eventFolder><s:events><s:event>
<s:PharmacyList><${prefix}:pharmacy><${prefix}:identification><${prefix}:id>99934051</${prefix}:id></${prefix}:identification>
<${prefix}:identity><${prefix}:name>Demo</${prefix}:name></${prefix}:identity>
<${prefix}:bvacList>${documents}</${prefix}:bvacList></${prefix}:pharmacy></s:PharmacyList></s:event></s:events></s:eventFolder></s:unsigned></s:single-message>`;

const document = (prefix = "m") =>
  `<${prefix}:bvacDocument><${prefix}:identification><${prefix}:id>doc-1</${prefix}:id><${prefix}:barCode><${prefix}:insurer>6000</${prefix}:insurer><${prefix}:key1>9912319994</${prefix}:key1></${prefix}:barCode></${prefix}:identification>` +
  `<${prefix}:deliveryDate>2026-11-20</${prefix}:deliveryDate></${prefix}:bvacDocument>`;

describe("XML tree reader (untrusted bodies)", () => {
  const refusal = (text: string | Uint8Array) => {
    try {
      parseXmlTree(typeof text === "string" ? encode(text) : text, { maxDepth: 8, maxElements: 50, maxRun: 100, maxAttributes: 10 });
    } catch (error) {
      if (error instanceof MalformedXml) return error.detail;
      throw error;
    }
    return null;
  };

  it("refuses a DOCTYPE, even without entities, and an external entity", () => {
    expect(refusal("<!DOCTYPE x><x/>")).toMatch(/DOCTYPE/);
    expect(refusal('<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>')).toMatch(/DOCTYPE/);
  });

  it("caps depth and element count", () => {
    expect(refusal("<a>".repeat(9) + "</a>".repeat(9))).toMatch(/deeper than 8/);
    expect(refusal(`<a>${"<b/>".repeat(50)}</a>`)).toMatch(/More than 50 elements/);
    expect(refusal(`<a>${"<b/>".repeat(49)}</a>`)).toBeNull();
  });

  it("caps attributes over the whole body, and numbers many siblings in order", () => {
    expect(refusal(`<a ${Array.from({ length: 11 }, (_, index) => `a${index}="v"`).join(" ")}/>`)).toBe("More than 10 attributes.");
    expect(refusal(`<a>${"x".repeat(101)}</a>`)).toBe("More than 100 characters between two tags.");
    expect(refusal(`<a>${"x".repeat(90)}</a>`)).toBeNull();
    const wide = parseXmlTree(encode(`<a>${"<b/>".repeat(1000)}<c/></a>`), { maxDepth: 8, maxElements: 2000, maxRun: 100, maxAttributes: 10 });
    expect(childrenOf(wide, "", "b")).toHaveLength(1000);
    expect(childrenOf(wide, "", "b").at(-1)?.path).toBe("/a/b[1000]");
    expect(childOf(wide, "", "c")?.path).toBe("/a/c");
  });

  it("keeps siblings of the same local name in different namespaces apart", () => {
    const tree = parseXmlTree(encode(`<a xmlns:x="urn:x" xmlns:y="urn:y"><x:b/><y:b>t</y:b><x:b/></a>`));
    expect(childrenOf(tree, "urn:x", "b").map((element) => element.path)).toEqual(["/a/b", "/a/b[2]"]);
    expect(childOf(tree, "urn:y", "b")?.text).toBe("t");
    expect(childOf(tree, "urn:z", "b")).toBeNull();
  });

  it("says where a body stops being well-formed", () => {
    expect(refusal("<a>\n<b></c></a>")).toMatch(/^Not well-formed XML: 2:\d+: unexpected close tag/);
  });

  it("refuses another declared encoding, invalid UTF-8, undefined entities and an empty body", () => {
    expect(refusal('<?xml version="1.0" encoding="ISO-8859-1"?><x/>')).toMatch(/UTF-8/);
    expect(refusal(new Uint8Array([0x3c, 0x78, 0x3e, 0xff, 0x3c, 0x2f, 0x78, 0x3e]))).toMatch(/UTF-8/);
    expect(refusal("<x>&nope;</x>")).toMatch(/Not well-formed/);
    expect(refusal("")).not.toBeNull();
  });
});

describe("readSmcMessage", () => {
  it("reads by namespace URI whatever the prefix, and locates absent elements by their expected path", () => {
    for (const prefix of ["m", "ns2", "model"]) {
      const read = readSmcMessage(encode(message(document(prefix), prefix)));
      if (!read.ok) throw new Error(JSON.stringify(read.problems));
      expect(read.raw.documentId.value).toBe("doc-1");
      expect(read.raw.pharmacyNihii.value).toBe("99934051");
      expect(`${read.barcode.insurer.value}${read.barcode.key1.value}`).toBe("60009912319994");
      const { value, path } = read.raw.patientName;
      expect({ value, path }).toEqual({ value: null, path: "/single-message/unsigned/eventFolder/events/event[1]/PharmacyList/pharmacy[1]/bvacList/bvacDocument[1]/patient/identity/name" });
      expect(read.raw.nationalNumberSent).toBe(false);
    }
  });

  it("ignores elements of the right name in another namespace", () => {
    const foreign = message(document()).replace(`xmlns:m="${model}"`, `xmlns:m="urn:other"`);
    expect(readSmcMessage(encode(foreign))).toMatchObject({ ok: false, problems: [{ code: "unsupported_message" }] });
  });

  it("refuses several documents in one message and a root that is not a single message", () => {
    expect(readSmcMessage(encode(message(document() + document())))).toMatchObject({ ok: false, problems: [{ code: "multiple_documents" }] });
    expect(readSmcMessage(encode(`<single-message xmlns="urn:x"/>`))).toMatchObject({ ok: false, problems: [{ code: "unsupported_message" }] });
  });
});
