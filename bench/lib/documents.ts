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


/**
 * The AssurPharma sample `6000-01-prescribed.xml` (2 lines) as the demo pharmacy, for the demo
 * policyholder, with a fresh document id; otherwise byte for byte the real message.
 */
export function xmlTemplate(): (documentId: string) => string {
  const text = readFileSync(fixturePath(), "utf8")
    .replace("<model:id>27456740</model:id>", `<model:id>${demo.nihii}</model:id>`)
    .replace("<model:key1>1234512345</model:key1>", `<model:key1>${demo.legacyBarcode.slice(4)}</model:key1>`);
  const [before, after] = text.split("<model:id>abcdefghijklmnopqrstuvwx1</model:id>");
  if (after === undefined) throw new Error("the XML fixture no longer has the expected document id");
  return (documentId) => `${before}<model:id>${documentId}</model:id>${after}`;
}

// A verbatim copy of shared/fixtures/assurpharma/examples/6000-01-prescribed.xml.
const fixturePath = () => fileURLToPath(new URL("../fixtures/6000-01-prescribed.xml", import.meta.url));
