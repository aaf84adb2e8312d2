import { AsyncLocalStorage } from "node:async_hooks";
import type { D1Database } from "@cloudflare/workers-types";
import type { Database, SqlValue, Statement } from "../../core/ports.js";

interface PendingRead {
  sql: string;
  params: readonly SqlValue[];
  resolve(rows: unknown[]): void;
  reject(error: unknown): void;
}

/** Reads waiting to be sent, per request (see `inReadScope`) and database. */
type PendingReads = Map<D1Database, PendingRead[]>;
const readScope = new AsyncLocalStorage<PendingReads>();
const unscoped: PendingReads = new Map();

/**
 * Runs one request's work with its own queue of reads: reads are merged only within a request,
 * never across two (a batch runs in one request's I/O context; if that request were cancelled,
 * another's reads must not go with it). The Worker's `fetch` wraps every request in it.
 */
export const inReadScope = <T>(work: () => T): T => readScope.run(new Map(), work);

/**
 * D1 behind the `Database` port. `batch` is D1's own: one implicit transaction.
 *
 * On D1 every call is a network round trip (on SQLite an in-process call), so reads issued
 * together — in the same turn of the event loop, e.g. the `Promise.all` of a service's
 * independent look-ups — are sent as ONE `batch`: one round trip, and one consistent snapshot.
 * A read issued alone goes as it is. Writes (`run`, `batch`) are never merged.
 */
export function d1Database(d1: D1Database): Database {
  const bound = (sql: string, params: readonly SqlValue[] | undefined) =>
    d1.prepare(sql).bind(...((params ?? []) as unknown[]));

  const flush = async (scope: PendingReads) => {
    const reads = scope.get(d1) ?? [];
    scope.delete(d1);
    try {
      if (reads.length === 1) {
        const [read] = reads as [PendingRead];
        read.resolve((await bound(read.sql, read.params).all()).results);
        return;
      }
      const results = await d1.batch(reads.map((read) => bound(read.sql, read.params)));
      reads.forEach((read, index) => read.resolve(results[index]?.results ?? []));
    } catch (error) {
      for (const read of reads) read.reject(error);
    }
  };
  const read = <Row>(sql: string, params: readonly SqlValue[] | undefined): Promise<Row[]> =>
    new Promise<unknown[]>((resolve, reject) => {
      const scope = readScope.getStore() ?? unscoped;
      let pending = scope.get(d1);
      if (!pending) {
        pending = [];
        scope.set(d1, pending);
        queueMicrotask(() => void flush(scope));
      }
      pending.push({ sql, params: params ?? [], resolve, reject });
    }) as Promise<Row[]>;

  return {
    kind: "d1",
    all: read,
    async first<Row>(sql: string, params?: readonly SqlValue[]) {
      return ((await read<Row>(sql, params))[0] ?? null) as Row | null;
    },
    async run(sql: string, params?: readonly SqlValue[]) {
      return { changes: (await bound(sql, params).run()).meta.changes };
    },
    async batch<Row>(statements: readonly Statement[]) {
      if (statements.length === 0) return [];
      const results = await d1.batch<Row>(statements.map((s) => bound(s.sql, s.params)));
      return results.map((result) => ({ rows: result.results ?? [], changes: result.meta?.changes ?? 0 }));
    },
  };
}
