import type { RequestSpec } from "autocannon";
import { jsonDocument, xmlTemplate } from "../lib/documents.js";
import { load, type LoadResult } from "../lib/load.js";
import type { ProductServer } from "../lib/product.js";

export interface IngestRun extends LoadResult {
  connections: number;
}

/** One POST /v1/bvac per request, each with a new document id (a replay would skip the write). */
function uniquePosts(server: ProductServer, contentType: string, body: (id: string) => string): RequestSpec[] {
  const headers = { "content-type": contentType, authorization: `Bearer ${server.credentials.pharmacy.apiKey}` };
  return [
    {
      method: "POST",
      path: "/v1/bvac",
      headers,
      setupRequest: (request) => ({ ...request, body: body(crypto.randomUUID()) }),
    },
  ];
}

export function jsonPosts(server: ProductServer, barcode: string): RequestSpec[] {
  return uniquePosts(server, "application/json", (id) => jsonDocument(id, barcode));
}

export function xmlPosts(server: ProductServer): RequestSpec[] {
  const xml = xmlTemplate();
  return uniquePosts(server, "application/xml", xml);
}

/** Documents/s at each concurrency; the peak is the best of them. */
export async function sweep(server: ProductServer, requests: RequestSpec[], concurrencies: number[], durationSeconds: number): Promise<IngestRun[]> {
  const runs: IngestRun[] = [];
  for (const connections of concurrencies) {
    runs.push({ connections, ...(await load({ url: server.url, connections, durationSeconds, requests })) });
  }
  return runs;
}

/** Latency at a fixed offered rate (70 % of the peak), the figure a pharmacy feels on a busy day. */
export async function atRate(server: ProductServer, requests: RequestSpec[], rate: number, durationSeconds: number): Promise<LoadResult> {
  return load({ url: server.url, connections: 32, durationSeconds, overallRate: Math.max(1, Math.round(rate)), requests });
}
