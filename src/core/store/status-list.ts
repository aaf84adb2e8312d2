import type { Database } from "../ports.js";

/** The next status index, taken in one statement (atomic on SQLite and D1 alike). */
export async function allocateStatusIndex(db: Database): Promise<number> {
  const row = await db.first<{ idx: number }>("UPDATE status_list_counter SET next_idx = next_idx + 1 WHERE id = 1 RETURNING next_idx - 1 AS idx");
  if (!row) throw new Error("status_list_counter has no row (migration 0011)");
  return row.idx;
}

/** How many indices were handed out, and which of them belong to revoked tokens. */
export async function statusListState(db: Database): Promise<{ size: number; revoked: number[] }> {
  const counter = await db.first<{ next_idx: number }>("SELECT next_idx FROM status_list_counter WHERE id = 1");
  const rows = await db.all<{ status_idx: number }>("SELECT status_idx FROM barcode_tokens WHERE status_idx IS NOT NULL AND revoked_at IS NOT NULL");
  return { size: counter?.next_idx ?? 0, revoked: rows.map((row) => row.status_idx) };
}
