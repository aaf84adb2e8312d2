import BetterSqlite3 from "better-sqlite3";
import type { SqlValue } from "../../core/ports.js";
import type { BatchResults } from "./sqlite-connection.js";

/**
 * What the request thread sends the writer thread. Statements travel as (SQL number, params): each
 * SQL text crosses once, in `sql` of the first group that uses it, since cloning the same long
 * INSERT texts for every document costs the request thread more than the rest of the message.
 */
export type ToWriter =
  | { kind: "group"; id: number; sql: Array<[number, string]>; batches: Array<Array<[number, readonly SqlValue[]]>> }
  | { kind: "close" };

export type SerialisedError = { name: string; message: string; code?: string };

/** What the writer thread answers: per batch (its results or why its savepoint rolled back), or the whole group failed. */
export type FromWriter =
  | { kind: "group"; id: number; outcomes: Array<{ results: BatchResults } | { error: SerialisedError }> }
  | { kind: "group"; id: number; failed: SerialisedError }
  | { kind: "closed" };

/** Structured clone keeps an Error's name and message but drops SQLite's `code`: carry it over. */
export function serialiseError(error: unknown): SerialisedError {
  if (!(error instanceof Error)) return { name: "Error", message: String(error) };
  const code = (error as { code?: unknown }).code;
  return { name: error.name, message: error.message, ...(typeof code === "string" ? { code } : {}) };
}

/** The error as the in-thread adapter would have thrown it (a SqliteError with its code). */
export function reviveError(error: SerialisedError): Error {
  if (error.name === "SqliteError" && error.code) return new BetterSqlite3.SqliteError(error.message, error.code);
  return Object.assign(new Error(error.message), { name: error.name }, error.code ? { code: error.code } : {});
}
