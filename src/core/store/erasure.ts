import type { Database, Statement } from "../ports.js";
import { chunksWithinParameters, placeholders } from "./sql.js";

/**
 * Statements removing members from the roster, to commit in one batch: their barcodes are
 * revoked, each erasure is recorded for the purge (only for members that exist: removing an
 * unknown member is a no-op), dependents lose the link to them, and the member rows go (with
 * their coverage periods), which refuses their sign-in and their 14 digits at once. Grouped per
 * insurer, a chunk of key1s per statement, so a roster of removals stays a few statements.
 */
export function removeMembersStatements(members: ReadonlyArray<{ insurer: string; key1: string }>, now: string): Statement[] {
  const byInsurer = new Map<string, string[]>();
  for (const member of members) byInsurer.set(member.insurer, [...(byInsurer.get(member.insurer) ?? []), member.key1]);
  const statements: Statement[] = [];
  for (const [insurer, key1s] of byInsurer) {
    for (const chunk of chunksWithinParameters(key1s, 1, 3)) {
      const list = placeholders(chunk.length);
      statements.push(
        {
          sql: `UPDATE barcode_tokens SET revoked_at = ? WHERE insurer = ? AND key1 IN (${list}) AND revoked_at IS NULL AND expires_at > ?`,
          params: [now, insurer, ...chunk, now],
        },
        {
          sql: `INSERT OR IGNORE INTO member_erasures (insurer, key1, requested_at)
                SELECT insurer, key1, ? FROM members WHERE insurer = ? AND key1 IN (${list})`,
          params: [now, insurer, ...chunk],
        },
        { sql: `UPDATE members SET guardian_key1 = NULL, updated_at = ? WHERE insurer = ? AND guardian_key1 IN (${list})`, params: [now, insurer, ...chunk] },
        { sql: `DELETE FROM members WHERE insurer = ? AND key1 IN (${list})`, params: [insurer, ...chunk] },
      );
    }
  }
  return statements;
}

/** When the member's removal was recorded and still waits for the purge; null when none is pending. */
export async function findErasure(db: Database, member: { insurer: string; key1: string }): Promise<string | null> {
  const row = await db.first<{ requested_at: string }>("SELECT requested_at FROM member_erasures WHERE insurer = ? AND key1 = ?", [member.insurer, member.key1]);
  return row?.requested_at ?? null;
}
