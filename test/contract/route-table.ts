import type { Harness } from "../harness/types.js";
import { bodyOf } from "./helpers.js";

/** One operation of the served OpenAPI document, as the tenancy matrix needs it. */
export interface Operation {
  method: string;
  /** OpenAPI template, e.g. `/v1/bvac/{documentId}`. */
  template: string;
  /** Security scheme names accepted (pharmacyKey, insurerKey, adminKey, memberToken); empty = public. */
  schemes: string[];
  /** Statuses the document says this operation can answer. */
  statuses: Set<number>;
  hasBody: boolean;
}

interface OpenApiOperation {
  security?: Array<Record<string, string[]>>;
  responses?: Record<string, unknown>;
  requestBody?: unknown;
}

const methods = new Set(["get", "post", "put", "patch", "delete"]);

/** Reads the route table from `GET /openapi.json`, so a route added tomorrow is in the matrix. */
export async function routeTable(harness: Harness): Promise<Operation[]> {
  const document = await bodyOf<{ paths: Record<string, Record<string, OpenApiOperation>> }>(await harness.fetch("/openapi.json"));
  return Object.entries(document.paths).flatMap(([template, item]) =>
    Object.entries(item)
      .filter(([method]) => methods.has(method))
      .map(([method, operation]) => ({
        method: method.toUpperCase(),
        template,
        schemes: (operation.security ?? []).flatMap((entry) => Object.keys(entry)),
        statuses: new Set(Object.keys(operation.responses ?? {}).map(Number)),
        hasBody: operation.requestBody !== undefined,
      })),
  );
}

/**
 * Plausible values for path parameters by name, so a request reaches the auth check with a
 * well-formed path (a malformed id could be refused earlier and hide a missing auth check).
 */
const plausible: Record<string, string> = {
  documentId: "4f1c2a7e-8b9d-4e3f-a1b2-c3d4e5f60718",
  batchId: "b8a6f1d2-3c4e-4f5a-9b8c-7d6e5f4a3b21",
  keyId: "key_tenancy-matrix",
  insurer: "6000",
  insurerCode: "6000",
  key1: "9912319994",
  nihii: "99934051",
  member: "9912319984",
};

export function fillPath(template: string, values: Record<string, string> = {}): string {
  return template.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(values[name] ?? plausible[name] ?? "x1"));
}
