import type { Database, Statement } from "../ports.js";
import { revokeMemberBarcodeTokens } from "./barcode-tokens.js";

/**
 * One batch removing a member from the roster: their barcodes are revoked, the erasure is
 * recorded for the purge (only when the member exists: removing an unknown member is a no-op),
 * dependents lose the link to them, and the member row goes (with its coverage periods), which
 * refuses their sign-in and their legacy code at once.
 */
export function removeMemberStatements(member: { insurer: string; key1: string }, now: string): Statement[] {
  const who = [member.insurer, member.key1];
  return [
    revokeMemberBarcodeTokens(member, now),
    {
      sql: `INSERT OR IGNORE INTO member_erasures (insurer, key1, requested_at)
            SELECT ?, ?, ? WHERE EXISTS (SELECT 1 FROM members WHERE insurer = ? AND key1 = ?)`,
      params: [...who, now, ...who],
    },
    { sql: "UPDATE members SET guardian_key1 = NULL, updated_at = ? WHERE insurer = ? AND guardian_key1 = ?", params: [now, ...who] },
    { sql: "DELETE FROM members WHERE insurer = ? AND key1 = ?", params: who },
  ];
}

/** When the member's removal was recorded and still waits for the purge; null when none is pending. */
export async function findErasure(db: Database, member: { insurer: string; key1: string }): Promise<string | null> {
  const row = await db.first<{ requested_at: string }>("SELECT requested_at FROM member_erasures WHERE insurer = ? AND key1 = ?", [member.insurer, member.key1]);
  return row?.requested_at ?? null;
}
