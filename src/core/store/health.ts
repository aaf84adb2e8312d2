import type { Database } from "../ports.js";

/** One round trip that needs the database to answer. */
export async function ping(db: Database): Promise<void> {
  await db.first("SELECT 1 AS ok");
}

/** True before any key was ever issued: a fresh database. */
export async function isEmpty(db: Database): Promise<boolean> {
  return (await db.first("SELECT 1 AS one FROM api_keys LIMIT 1")) === null;
}
