import { beforeAll, describe, expect, it } from "vitest";
import { getHarness } from "#harness";
import { silentLogger } from "../../src/adapters/console-logger.js";
import { purgeExpired } from "../../src/core/services/purge.js";
import type { Harness } from "../harness/types.js";
import { jsonDocument } from "./bvac-helpers.js";
import { leaseAndAck } from "./export-flow.js";
import { bearer, bodyOf, createInsurer, expectProblem, json } from "./helpers.js";
import { createMemberTenant, getBarcode, randomKey1, verifyScan, type MemberTenant } from "./member-helpers.js";

let gateway: Harness;

beforeAll(async () => {
  gateway = await getHarness();
});

// Erasure does not depend on the clock: the purge runs on the real one, with the default retention.
const purge = () => purgeExpired({ db: gateway.db, databases: gateway.databases, clock: { now: () => new Date() }, logger: silentLogger, config: { retentionDays: 400 } });

const remove = (tenant: MemberTenant, key1: string, key = tenant.insurer.apiKey, insurer = tenant.insurer.code) =>
  gateway.fetch(`/v1/members/${insurer}/${key1}`, { method: "DELETE", headers: bearer(key) });

async function submit(tenant: MemberTenant, key1: string) {
  const body = jsonDocument({ pharmacy: tenant.pharmacy, barcode: `${tenant.insurer.code}${key1}` });
  const response = await gateway.fetch("/v1/bvac", json(body, bearer(tenant.pharmacy.apiKey)));
  expect(response.status, await response.clone().text()).toBe(201);
  return body;
}

const documentRow = (tenant: MemberTenant, documentId: string) =>
  gateway.dbFor(tenant.insurer.code).first<{ key1: string; purged_at: string | null; lines: number }>(
    `SELECT d.key1, d.purged_at, COALESCE(json_array_length(t.document_json, '$.lines'), 0) AS lines
       FROM bvac_documents d LEFT JOIN bvac_document_texts t ON t.document_pk = d.pk WHERE d.pharmacy_nihii = ? AND d.document_id = ?`,
    [tenant.pharmacy.nihii, documentId],
  );

// The first parameter is always the insurer code: counted in its database.
const countOf = async (sql: string, params: string[]) => (await gateway.dbFor(params[0]!).first<{ n: number }>(sql, params))?.n ?? -1;

describe("erasure: DELETE /v1/members/{insurer}/{key1}", () => {
  let tenant: MemberTenant;
  let barcode: string;
  const docs: Record<"delivered" | "pending", ReturnType<typeof jsonDocument>> = {} as never;

  beforeAll(async () => {
    tenant = await createMemberTenant(gateway, `erasure-${crypto.randomUUID()}`);
    barcode = (await getBarcode(gateway, tenant.holder.token)).text;
    docs.delivered = await submit(tenant, tenant.holder.key1);
    await leaseAndAck(gateway, tenant.insurer.apiKey);
    docs.pending = await submit(tenant, tenant.holder.key1);
  });

  it("refuses the removed member's sign-in, card and barcodes at once", async () => {
    const response = await remove(tenant, tenant.holder.key1);
    const removal = await bodyOf<{ removedAt: string }>(response);
    expect(response.status, JSON.stringify(removal)).toBe(202);
    expect(removal).toMatchObject({ insurer: tenant.insurer.code, key1: tenant.holder.key1 });

    for (const path of ["/v1/me", "/v1/me/card", "/v1/me/barcode", "/v1/me/access-log", "/v1/me/export"]) {
      await expectProblem(await gateway.fetch(path, { headers: bearer(tenant.holder.token) }), 403, "forbidden");
    }
    expect(await verifyScan(gateway, tenant.pharmacy.apiKey, barcode)).toMatchObject({ valid: false, reason: "revoked" });
    expect(await verifyScan(gateway, tenant.pharmacy.apiKey, `${tenant.insurer.code}${tenant.holder.key1}`)).toMatchObject({ valid: false, reason: "unknown_member" });
    const refused = await gateway.fetch("/v1/bvac", json(jsonDocument({ pharmacy: tenant.pharmacy, barcode }), bearer(tenant.pharmacy.apiKey)));
    await expectProblem(refused, 403, "barcode_refused");

    // The dependent stays a member, no longer linked to the removed guardian.
    const me = await gateway.fetch("/v1/me", { headers: bearer(tenant.dependent.token) });
    expect(me.status).toBe(200);
    expect(await countOf("SELECT count(*) AS n FROM members WHERE insurer = ? AND guardian_key1 = ?", [tenant.insurer.code, tenant.holder.key1])).toBe(0);

    // Repeating answers the first removal; another insurer's key and an unknown member are 404s.
    expect(await bodyOf(await remove(tenant, tenant.holder.key1))).toEqual(removal);
    const other = await createInsurer(gateway);
    await expectProblem(await remove(tenant, tenant.holder.key1, other.apiKey), 404, "not_found");
    await expectProblem(await remove(tenant, randomKey1()), 404, "not_found");
  });

  it("purges the member's data once nothing is pending for the insurer; delivered documents were the insurer's", async () => {
    const waiting = await purge();
    expect(waiting.erasuresWaiting).toBeGreaterThanOrEqual(1);
    expect(await documentRow(tenant, docs.delivered.documentId)).toMatchObject({ key1: tenant.holder.key1, purged_at: null });

    const delivered = await leaseAndAck(gateway, tenant.insurer.apiKey);
    expect(delivered.map((entry) => entry.documentId)).toContain(docs.pending.documentId);
    const done = await purge();
    expect(done.erasuresFinished).toBeGreaterThanOrEqual(1);
    for (const doc of [docs.delivered, docs.pending]) {
      const row = await documentRow(tenant, doc.documentId);
      expect(row).toMatchObject({ key1: "", lines: 0 });
      expect(row?.purged_at).toBeTruthy();
    }
    const who = [tenant.insurer.code, tenant.holder.key1];
    expect(await countOf("SELECT count(*) AS n FROM barcode_tokens WHERE insurer = ? AND key1 = ?", who)).toBe(0);
    expect(await countOf("SELECT count(*) AS n FROM member_access_log WHERE insurer = ? AND key1 = ?", who)).toBe(0);
    expect(await countOf("SELECT count(*) AS n FROM member_erasures WHERE insurer = ? AND key1 = ?", who)).toBe(0);
    // Nothing left names them: a repeated removal is now a 404.
    await expectProblem(await remove(tenant, tenant.holder.key1), 404, "not_found");

    // The pharmacy's late replay is still answered from the tombstone.
    const replay = await gateway.fetch("/v1/bvac", json(docs.pending, bearer(tenant.pharmacy.apiKey)));
    expect(replay.status, await replay.clone().text()).toBe(200);
  });
});

describe("erasure through the roster (PUT /v1/members)", () => {
  const roster = (tenant: MemberTenant, lines: unknown[]) =>
    gateway.fetch("/v1/members", {
      method: "PUT",
      headers: { "Content-Type": "application/x-ndjson", ...bearer(tenant.insurer.apiKey) },
      body: lines.map((line) => JSON.stringify(line)).join("\n"),
    });

  it("removes a member named with remove: true", async () => {
    const tenant = await createMemberTenant(gateway, `erasure-${crypto.randomUUID()}`);
    const response = await roster(tenant, [{ insurer: tenant.insurer.code, key1: tenant.stranger.key1, remove: true }]);
    expect(await bodyOf(response)).toEqual({ applied: 1 });
    await expectProblem(await gateway.fetch("/v1/me", { headers: bearer(tenant.stranger.token) }), 403, "forbidden");
    expect((await gateway.fetch("/v1/me", { headers: bearer(tenant.holder.token) })).status).toBe(200);
    expect(await countOf("SELECT count(*) AS n FROM member_erasures WHERE insurer = ? AND key1 = ?", [tenant.insurer.code, tenant.stranger.key1])).toBe(1);
    // Nothing was pending: the next purge finishes it.
    await purge();
    expect(await countOf("SELECT count(*) AS n FROM member_erasures WHERE insurer = ? AND key1 = ?", [tenant.insurer.code, tenant.stranger.key1])).toBe(0);
  });

  it("refuses a malformed removal and a roster naming a removed member as guardian, applying nothing", async () => {
    const tenant = await createMemberTenant(gateway, `erasure-${crypto.randomUUID()}`);
    const problem = await expectProblem(
      await roster(tenant, [
        { insurer: tenant.insurer.code, key1: tenant.stranger.key1, remove: false },
        { insurer: tenant.insurer.code, key1: tenant.holder.key1, remove: true },
        { insurer: tenant.insurer.code, key1: randomKey1(), name: "New Child", coverage: [], guardianKey1: tenant.holder.key1 },
      ]),
      422,
      "validation_failed",
    );
    expect(problem.errors?.map((error) => [error.path, error.code])).toEqual([
      ["line.1.remove", "invalid_value"],
      ["line.3.guardianKey1", "guardian_removed"],
    ]);
    expect((await gateway.fetch("/v1/me", { headers: bearer(tenant.holder.token) })).status).toBe(200);
  });
});
