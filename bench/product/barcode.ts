import { demo } from "../lib/documents.js";
import type { ProductServer } from "../lib/product.js";

/**
 * The scanned text the ingestion bench submits: the demo policyholder's signed `AP1:` token,
 * fetched as the member app would (`GET /v1/me/barcode` with the demo issuer's access token), or
 * the legacy 14 digits when this build cannot issue one (noted in the results).
 */
export async function signedBarcode(server: ProductServer, available: Set<string>): Promise<string> {
  const member = server.credentials.members.find((entry) => entry.role === "policyholder");
  if (!available.has("GET /v1/me/barcode") || !member) return demo.legacyBarcode;
  const response = await fetch(`${server.url}/v1/me/barcode`, { headers: { authorization: `Bearer ${member.accessToken}` } });
  if (response.status !== 200) throw new Error(`GET /v1/me/barcode answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { text: string }).text;
}
