import type { Statement } from "../ports.js";
import { placeholders } from "./sql.js";

/** Marks what the demo tenant created, so a later start with demo off can find it. */
export function markDemoRows(rows: { insurer: string; pharmacy: string; keyIds: readonly string[] }): Statement[] {
  return [
    { sql: "UPDATE insurers SET demo = 1 WHERE code = ?", params: [rows.insurer] },
    { sql: "UPDATE pharmacies SET demo = 1 WHERE nihii = ?", params: [rows.pharmacy] },
    { sql: "UPDATE identity_providers SET demo = 1 WHERE insurer = ?", params: [rows.insurer] },
    { sql: `UPDATE api_keys SET demo = 1 WHERE id IN (${placeholders(rows.keyIds.length)})`, params: [...rows.keyIds] },
  ];
}

/**
 * Switches the demo tenant off: its keys revoked, the development issuer no longer trusted, its
 * insurer's legacy codes refused and its members' signed barcodes revoked. Idempotent.
 */
export function switchOffDemoRows(now: string): Array<readonly ["keys" | "providers" | "insurers" | "barcodes", Statement]> {
  return [
    ["keys", { sql: "UPDATE api_keys SET revoked_at = ? WHERE demo = 1 AND revoked_at IS NULL", params: [now] }],
    ["providers", { sql: "DELETE FROM identity_providers WHERE demo = 1", params: [] }],
    ["insurers", { sql: "UPDATE insurers SET legacy_barcodes = 'reject' WHERE demo = 1 AND legacy_barcodes <> 'reject'", params: [] }],
    [
      "barcodes",
      {
        sql: "UPDATE barcode_tokens SET revoked_at = ? WHERE revoked_at IS NULL AND insurer IN (SELECT code FROM insurers WHERE demo = 1)",
        params: [now],
      },
    ],
  ];
}
