/**
 * The ports the app is built from. Both runtimes implement them; routes and services see only
 * these interfaces, never better-sqlite3, D1 or Cloudflare Queues.
 */

export type SqlValue = string | number | bigint | null | Uint8Array;

export interface Statement {
  sql: string;
  params: readonly SqlValue[];
}

export interface RunResult {
  changes: number;
}

/**
 * A SQLite-dialect database. There is deliberately no interactive transaction: D1 has none, so
 * every write that must commit together is one `batch` (atomic on both adapters).
 */
export interface Database {
  readonly kind: "sqlite" | "d1";
  all<Row>(sql: string, params?: readonly SqlValue[]): Promise<Row[]>;
  first<Row>(sql: string, params?: readonly SqlValue[]): Promise<Row | null>;
  run(sql: string, params?: readonly SqlValue[]): Promise<RunResult>;
  /** Runs every statement in one transaction; all or nothing. Results are in statement order. */
  batch<Row = unknown>(statements: readonly Statement[]): Promise<Array<{ rows: Row[]; changes: number }>>;
}

/** Announces outbox entries that are already committed, so their consumer can run soon. */
export interface QueuePublisher {
  readonly kind: "outbox" | "cloudflare-queues";
  publish(outboxIds: readonly number[]): Promise<void>;
}

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export interface Logger {
  info(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
}

/** JSON lines on stdout. Callers pass ids and counts only: never bodies, never health data. */
export const consoleLogger: Logger = {
  info: (event, fields) => console.log(JSON.stringify({ level: "info", event, time: new Date().toISOString(), ...fields })),
  error: (event, fields) => console.error(JSON.stringify({ level: "error", event, time: new Date().toISOString(), ...fields })),
};

export const silentLogger: Logger = { info: () => {}, error: () => {} };
