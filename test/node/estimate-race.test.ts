import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database, Statement } from "../../src/core/ports.js";
import { ReceiptSchema } from "../../src/gateway/routes/pharmacy/bvac-schemas.js";
import { familyPlan, sale, tenantWithPlan } from "../contract/estimate-helpers.js";
import { bearer, bodyOf, expectProblem, json } from "../contract/helpers.js";
import type { Harness } from "../harness/types.js";
import { nodeGateway } from "../support/node-gateway.js";
import { insurerDatabases } from "../../src/adapters/storage/insurer-databases.js";

/**
 * The running totals under a forced race (docs/estimate.md "Concurrency"). The database is wrapped
 * so that a document's write waits until a second one is ready: both estimates are then computed
 * from the same totals before either commits, the interleaving that breaks a read-then-write
 * design. The guard must make the second write store nothing and its estimate be computed again.
 */

const isDocumentWrite = (statements: readonly Statement[]) => statements[0]?.sql.includes("INSERT INTO bvac_documents") ?? false;

let gateway: Harness;
let close: () => Promise<void>;
/** Document writes attempted (committed or not). */
let documentWrites = 0;
/** When set, the first document write waits for a second one (or 2 s). */
let pairUp = false;
let waiting: (() => void) | null = null;
/** When set, runs before every document write (to move the totals under it). */
let beforeWrite: ((db: Database) => Promise<void>) | null = null;

function racingDatabase(inner: Database): Database {
  return {
    kind: inner.kind,
    all: (sql, params) => inner.all(sql, params),
    first: (sql, params) => inner.first(sql, params),
    run: (sql, params) => inner.run(sql, params),
    async batch(statements) {
      if (isDocumentWrite(statements)) {
        documentWrites++;
        if (pairUp && waiting === null) {
          await new Promise<void>((release) => {
            waiting = release;
            setTimeout(release, 2000);
          });
        } else if (pairUp && waiting) {
          const release = waiting;
          pairUp = false;
          waiting = null;
          // The second write goes on after the first has been let through.
          release();
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        if (beforeWrite) await beforeWrite(inner);
      }
      return inner.batch(statements);
    },
  };
}

beforeAll(async () => {
  const opened = await nodeGateway({}, (deps) => {
    const db = racingDatabase(deps.db);
    return { ...deps, db, databases: insurerDatabases(db) };
  });
  gateway = opened.harness;
  close = opened.close;
});
afterAll(async () => close());

describe("running totals under concurrent documents of one family", () => {
  it("two documents computed from the same totals: the deductible is taken once, the loser recomputed", async () => {
    const tenant = await tenantWithPlan(gateway, "family", familyPlan);
    documentWrites = 0;
    pairUp = true;
    const responses = await Promise.all([
      gateway.fetch("/v1/bvac", json(sale(tenant, tenant.holder.key1, "2026-11-20", [{ paid: "80.00" }]), bearer(tenant.pharmacy.apiKey))),
      gateway.fetch("/v1/bvac", json(sale(tenant, tenant.dependent.key1, "2026-11-20", [{ paid: "80.00" }]), bearer(tenant.pharmacy.apiKey))),
    ]);
    const receipts = await Promise.all(responses.map(async (response) => ReceiptSchema.parse(await bodyOf(response))));
    expect(responses.map((response) => response.status)).toEqual([201, 201]);
    // Two first attempts from the same (empty) totals, and one more for the loser.
    expect(documentWrites).toBe(3);
    expect(receipts.map((receipt) => receipt.estimate?.deductibleApplied).sort()).toEqual(["20.00", "80.00"]);
    const stored = await gateway.db.first<{ deductible: number; shares: number }>(
      "SELECT SUM(deductible_cents) AS deductible, COUNT(*) AS shares FROM plan_shares WHERE insurer = ?",
      [tenant.insurer.code],
    );
    expect(stored).toEqual({ deductible: 10000, shares: 2 });
  });

  it("totals that keep moving end in a 503 after a bounded number of tries, with nothing stored", async () => {
    const tenant = await tenantWithPlan(gateway, "family", familyPlan);
    const first = await gateway.fetch("/v1/bvac", json(sale(tenant, tenant.holder.key1, "2026-11-20", [{ paid: "80.00" }]), bearer(tenant.pharmacy.apiKey)));
    expect(first.status).toBe(201);
    documentWrites = 0;
    // The family's deductible use changes between every read and write.
    beforeWrite = (db) => db.run("UPDATE plan_shares SET deductible_cents = deductible_cents + 1 WHERE insurer = ?", [tenant.insurer.code]).then(() => undefined);
    const body = sale(tenant, tenant.dependent.key1, "2026-11-21", [{ paid: "10.00" }]);
    try {
      const refused = await gateway.fetch("/v1/bvac", json(body, bearer(tenant.pharmacy.apiKey)));
      const retryAfter = refused.headers.get("retry-after");
      await expectProblem(refused, 503, "unavailable");
      expect(retryAfter).toBe("1");
    } finally {
      beforeWrite = null;
    }
    expect(documentWrites).toBe(8);
    expect(await gateway.db.first("SELECT pk FROM bvac_documents WHERE document_id = ?", [body.documentId])).toBeNull();
    // The pharmacy's retry with the same document id then goes through.
    const retried = await gateway.fetch("/v1/bvac", json(body, bearer(tenant.pharmacy.apiKey)));
    expect(retried.status).toBe(201);
  });
});
