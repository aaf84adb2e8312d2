import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** The demo pharmacy and policyholder (src/adapters/node/demo-seed.ts). */
export const demo = { nihii: "99934051", pharmacyName: "Demo pharmacy", legacyBarcode: "60009912319994" } as const;

/**
 * A 3-line JSON submission (POST /v1/bvac) with a fresh document id. Prices are line totals and the
 * totals add up, so the gateway accepts it; `barcode` is the scanned text (signed token or legacy).
 */
export function jsonDocument(documentId: string, barcode: string): string {
  return JSON.stringify({
    documentId,
    pharmacy: { nihii: demo.nihii, name: demo.pharmacyName },
    barcode,
    currency: "EUR",
    deliveryDate: "2026-11-20",
    patient: { name: "Jagger", firstName: "Mick" },
    prescriber: { riziv: "10000106999", name: "Richards", firstName: "Keith" },
    internalReference: "BEPABZ2D88CD",
    lines: [
      { productType: 1, productId: "000000001597210", description: "FASTUM GEL DISPENSER 120 G", prescriptionDate: "2026-11-18", quantity: 3, publicPrice: "17.31", paidPrice: "17.31" },
      { productType: 1, productId: "000000002837409", description: "AMLOR 5 MG CAPS 98 X 5 MG", prescriptionDate: "2026-11-18", quantity: 2, publicPrice: "13.99", paidPrice: "3.32" },
      { productType: 1, productId: "000000000338707", description: "DAFALGAN 1 G 30 TABL", prescriptionDate: "2026-11-18", quantity: 1, publicPrice: "4.20", paidPrice: "1.20" },
    ],
    totals: { publicPrice: "35.50", paidPrice: "21.83" },
  });
}


/** Any namespace prefix (or none) before a local name: vendors differ, the document id does not. */
const tag = (local: string) => `<(?:[\\w.-]+:)?${local}\\b[^>]*>`;
const documentIdAt = new RegExp(`(${tag("bvacDocument")}\\s*${tag("identification")}\\s*<((?:[\\w.-]+:)?id)\\b[^>]*>)[^<]*(</\\2>)`);

/**
 * The certified-vendor-shaped SMC message (`fixtures/vendor-smc-13-lines.xml`, ~11 KB, 13 lines,
 * legacy barcode) or `BENCH_XML=/path/file.xml`, with a fresh document id per call. A substituted
 * file is rewritten to the demo pharmacy and policyholder (pharmacy id, sender NIHII, barcode) so
 * the demo key may submit it; everything else stays byte for byte.
 */
export function vendorXmlTemplate(file = process.env.BENCH_XML): { name: string; bytes: number; body: (documentId: string) => string } {
  const path = file ?? fileURLToPath(new URL("../fixtures/vendor-smc-13-lines.xml", import.meta.url));
  let text = readFileSync(path, "utf8");
  if (file) {
    const original = text;
    text = text
      .replace(new RegExp(`(${tag("pharmacy")}\\s*${tag("identification")}\\s*${tag("id")})\\d{8}`), `$1${demo.nihii}`)
      .replace(/(<(?:[\w.-]+:)?nihiiPharmacyNumber>)\d{8}/g, `$1${demo.nihii}`)
      .replace(/(<(?:[\w.-]+:)?insurer>)\d{4}/, `$1${demo.legacyBarcode.slice(0, 4)}`)
      .replace(/(<(?:[\w.-]+:)?key1>)\d{10}/, `$1${demo.legacyBarcode.slice(4)}`);
    if (text === original) throw new Error(`${path}: found no pharmacy id or barcode to point at the demo tenant`);
  }
  const match = documentIdAt.exec(text);
  if (!match) throw new Error(`${path}: no bvacDocument/identification/id to replace per request`);
  const before = text.slice(0, match.index + match[1]!.length);
  const after = text.slice(match.index + match[0].length - match[3]!.length);
  return { name: file ? path : "vendor-smc-13-lines.xml", bytes: Buffer.byteLength(text), body: (documentId) => `${before}${documentId}${after}` };
}
