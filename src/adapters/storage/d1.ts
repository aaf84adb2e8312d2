import type { D1Database } from "@cloudflare/workers-types";
import type { Database, SqlValue, Statement } from "../../core/ports.js";

/** D1 behind the `Database` port. `batch` is D1's own: one implicit transaction. */
export function d1Database(d1: D1Database): Database {
  const bound = (sql: string, params: readonly SqlValue[] | undefined) =>
    d1.prepare(sql).bind(...((params ?? []) as unknown[]));
  return {
    kind: "d1",
    async all<Row>(sql: string, params?: readonly SqlValue[]) {
      return (await bound(sql, params).all<Row>()).results;
    },
    async first<Row>(sql: string, params?: readonly SqlValue[]) {
      return (await bound(sql, params).first<Row>()) ?? null;
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
