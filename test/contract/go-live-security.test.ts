import { beforeAll, describe, expect, it } from "vitest";
import { getHarness } from "#harness";
import { testIdp } from "../harness/identity-provider.js";
import type { Harness } from "../harness/types.js";
import { PolicyChangeResultSchema } from "../../src/gateway/routes/admin/insurer-policy.js";
import { ackBatch, releaseBatch } from "../../src/core/store/exports.js";
import { LeasedBatchSchema } from "../../src/gateway/routes/insurer/export-schemas.js";
import { sampleDocument, storeQueuedDocumentFor } from "../support/bvac-documents.js";
import { rsa1024PublicKey, rsa2048PublicKey } from "../support/rsa-public-keys.js";
import { bearer, bodyOf, createInsurer, createPharmacy, expectProblem, json, randomInsurerCode } from "./helpers.js";
import { jsonDocument } from "./bvac-helpers.js";
import { createMemberTenant, getBarcode, verifyScan, type MemberTenant } from "./member-helpers.js";

// Issue 13, over HTTP on both runtimes; docs/security.md names each test below.

/** A UTC date `days` from today. */
const today = (days = 0) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

let gateway: Harness;
let tenant: MemberTenant;
beforeAll(async () => {
  gateway = await getHarness();
  tenant = await createMemberTenant(gateway, "go-live-a");
});

const putProvider = (code: string, audience: string) =>
  gateway.fetch(`/v1/admin/insurers/${code}/identity-provider`, {
    method: "PUT",
    headers: { "Content-Type": "application/json", ...bearer(gateway.adminKey) },
    body: JSON.stringify({ issuer: testIdp.issuer, audience, jwksUrl: testIdp.jwksUrl, key1Claim: testIdp.key1Claim }),
  });

const patch = (code: string, body: unknown, key = gateway.adminKey) =>
  gateway.fetch(`/v1/admin/insurers/${code}`, { method: "PATCH", headers: { "Content-Type": "application/json", ...bearer(key) }, body: JSON.stringify(body) });

describe("one identity provider per issuer and audience", () => {
  it("refuses a second insurer on the same issuer and audience with a 409 naming the first; its own audience is fine", async () => {
    const other = await createInsurer(gateway);
    const problem = await expectProblem(await putProvider(other.code, tenant.audience), 409, "conflict");
    expect(JSON.stringify(problem)).toContain(tenant.insurer.code);
    expect(problem.errors).toEqual([expect.objectContaining({ path: "audience", code: "provider_shared" })]);
    // The first insurer's members still sign in as its members.
    expect((await gateway.fetch("/v1/me", { headers: bearer(tenant.holder.token) })).status).toBe(200);
    expect((await putProvider(other.code, "go-live-other")).status).toBe(200);
    // Re-stating its own provider is not a conflict with itself.
    expect((await putProvider(tenant.insurer.code, tenant.audience)).status).toBe(200);
  });

  it("refuses a token that verifies for two insurers (an aud list naming both) rather than guessing", async () => {
    const other = await createInsurer(gateway);
    expect((await putProvider(other.code, "go-live-b")).status).toBe(200);
    const both = await gateway.memberToken({ key1: tenant.holder.key1, audience: [tenant.audience, "go-live-b"] });
    const problem = await expectProblem(await gateway.fetch("/v1/me", { headers: bearer(both) }), 401, "unauthenticated");
    expect(JSON.stringify(problem)).toContain("more than one insurer");
    // The same list naming only audiences of one insurer still signs in.
    const one = await gateway.memberToken({ key1: tenant.holder.key1, audience: [tenant.audience, "not-configured"] });
    expect((await gateway.fetch("/v1/me", { headers: bearer(one) })).status).toBe(200);
  });

  it("accepts only access tokens (typ at+jwt) issued within the last day", async () => {
    const key1 = tenant.holder.key1;
    const idToken = await gateway.memberToken({ key1, audience: tenant.audience, typ: "JWT" });
    const problem = await expectProblem(await gateway.fetch("/v1/me", { headers: bearer(idToken) }), 401, "unauthenticated");
    expect(JSON.stringify(problem)).toContain("at+jwt");
    const longLived = await gateway.memberToken({ key1, audience: tenant.audience, now: new Date(Date.now() - 25 * 3600_000), expiresIn: 30 * 86_400 });
    await expectProblem(await gateway.fetch("/v1/me", { headers: bearer(longLived) }), 401, "unauthenticated");
    const explicitType = await gateway.memberToken({ key1, audience: tenant.audience, typ: "application/at+jwt" });
    expect((await gateway.fetch("/v1/me", { headers: bearer(explicitType) })).status).toBe(200);
  });
});

describe("creating an insurer and changing its policy are separate", () => {
  it("answers 409 to a create for an existing code and leaves its policy as it was", async () => {
    const insurer = await createInsurer(gateway, { legacyBarcodes: "reject", mod97: true });
    const again = await gateway.fetch("/v1/admin/insurers", json({ code: insurer.code, name: "Overwrite attempt" }, bearer(gateway.adminKey)));
    const problem = await expectProblem(again, 409, "conflict");
    expect(JSON.stringify(problem)).toContain(`PATCH /v1/admin/insurers/${insurer.code}`);
    const listed = await bodyOf<{ insurers: Array<{ code: string; name: string; legacyBarcodes: string; mod97: boolean }> }>(await gateway.fetch("/v1/insurers"));
    expect(listed.insurers.find((entry) => entry.code === insurer.code)).toMatchObject({ name: `Insurer ${insurer.code}`, legacyBarcodes: "reject", mod97: true });
  });

  it("changes only the fields sent, names each change and logs who changed what and when", async () => {
    const insurer = await createInsurer(gateway, { legacyBarcodes: "reject", mod97: true });
    const response = await patch(insurer.code, { legacyBarcodes: "accept", name: `Insurer ${insurer.code}` });
    const result = PolicyChangeResultSchema.parse(await bodyOf(response));
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    // The name was sent unchanged: not a change. mod97 was not sent: it stays on.
    expect(result.changed).toEqual([{ field: "legacyBarcodes", from: "reject", to: "accept" }]);
    expect(result.insurer).toMatchObject({ code: insurer.code, legacyBarcodes: "accept", mod97: true, sealed: false });
    const log = await gateway.db.all<{ changed_by: string; changed_at: string; changes_json: string }>(
      "SELECT changed_by, changed_at, changes_json FROM insurer_policy_changes WHERE insurer = ?",
      [insurer.code],
    );
    expect(log).toHaveLength(1);
    expect(log[0]!.changed_by).toMatch(/^admin key /);
    expect(Date.parse(log[0]!.changed_at)).toBeGreaterThan(Date.now() - 60_000);
    expect(JSON.parse(log[0]!.changes_json)).toEqual(result.changed);
  });

  it("refuses unknown fields, an unknown insurer and another audience's key", async () => {
    const insurer = await createInsurer(gateway);
    const problem = await expectProblem(await patch(insurer.code, { legacyBarcode: "reject" }), 422, "validation_failed");
    expect(problem.errors?.[0]).toMatchObject({ code: "unrecognized_keys" });
    await expectProblem(await patch("0002", { mod97: true }), 404, "not_found");
    await expectProblem(await patch(insurer.code, { mod97: true }, insurer.apiKey), 403, "forbidden");
  });
});

describe("a lost card is really blocked", () => {
  it("blocks the member's 14 digits at verify and ingestion until the insurer lifts it; the card says which codes stopped", async () => {
    const { pharmacy, insurer, holder } = tenant;
    const digits = `${insurer.code}${holder.key1}`;
    const submit = (barcode: string) => gateway.fetch("/v1/bvac", json(jsonDocument({ pharmacy, barcode }, { deliveryDate: today() }), bearer(pharmacy.apiKey)));
    expect((await verifyScan(gateway, pharmacy.apiKey, digits)).valid).toBe(true);
    const card = await gateway.fetch("/v1/me/card", { headers: bearer(holder.token) });
    expect(await card.text()).toContain('id="code128"');

    expect((await gateway.fetch("/v1/me/barcode/revoke", { method: "POST", headers: bearer(holder.token) })).status).toBe(201);
    expect(await verifyScan(gateway, pharmacy.apiKey, `${digits}\r\n`)).toEqual({ valid: false, reason: "revoked", insurer: insurer.code, key1: holder.key1 });
    const refused = await expectProblem(await submit(digits), 403, "barcode_refused");
    expect(refused).toMatchObject({ reason: "revoked" });
    // Downloading a new card does not bring the digits back: they are the same on the found card.
    const fresh = await getBarcode(gateway, holder.token);
    expect((await verifyScan(gateway, pharmacy.apiKey, fresh.text)).valid).toBe(true);
    expect((await verifyScan(gateway, pharmacy.apiKey, digits)).reason).toBe("revoked");
    const page = await (await gateway.fetch("/v1/me/card", { headers: bearer(holder.token) })).text();
    expect(page).not.toContain('id="code128"');
    expect(page).toContain('id="stopped"');
    expect(page).toContain(`the number ${digits}`);
    await expectProblem(await gateway.fetch("/v1/me/barcode.svg?symbology=code128", { headers: bearer(holder.token) }), 409, "conflict");

    const lift = (key: string) => gateway.fetch(`/v1/members/${insurer.code}/${holder.key1}/legacy-block`, { method: "DELETE", headers: bearer(key) });
    await expectProblem(await lift((await createInsurer(gateway)).apiKey), 404, "not_found");
    expect(await bodyOf(await lift(insurer.apiKey))).toEqual({ insurer: insurer.code, key1: holder.key1, lifted: true });
    expect((await verifyScan(gateway, pharmacy.apiKey, digits)).valid).toBe(true);
    expect((await submit(digits)).status).toBe(201);
    expect(await (await gateway.fetch("/v1/me/card", { headers: bearer(holder.token) })).text()).toContain('id="code128"');
  });
});

describe("verify is not a membership oracle", () => {
  it("checks coverage only from 7 days back to 3 days ahead, and answers no name", async () => {
    const { pharmacy, insurer, holder } = tenant;
    const digits = `${insurer.code}${holder.key1}`;
    for (const offset of [-7, 0, 3]) {
      const answer = await verifyScan(gateway, pharmacy.apiKey, digits, today(offset));
      expect(answer, String(offset)).toEqual({ valid: true, kind: "legacy", insurer: insurer.code, key1: holder.key1, coveredOn: today(offset) });
    }
    for (const onDate of [today(-8), today(4), "2021-06-01"]) {
      const response = await gateway.fetch("/v1/barcodes/verify", json({ barcode: digits, onDate }, bearer(pharmacy.apiKey)));
      const problem = await expectProblem(response, 422, "validation_failed");
      expect(problem.errors, onDate).toEqual([expect.objectContaining({ path: "onDate", code: "out_of_window" })]);
    }
  });
});

describe("response headers", () => {
  it("marks authenticated answers no-store and allows cross-origin reads of the JWKS only", async () => {
    const me = await gateway.fetch("/v1/me", { headers: bearer(tenant.holder.token) });
    expect(me.headers.get("cache-control")).toBe("no-store");
    const verify = await gateway.fetch("/v1/barcodes/verify", json({ barcode: "x" }, bearer(tenant.pharmacy.apiKey)));
    expect(verify.headers.get("cache-control")).toBe("no-store");
    const jwks = await gateway.fetch("/.well-known/jwks.json");
    expect(jwks.headers.get("cross-origin-resource-policy")).toBe("cross-origin");
    for (const path of ["/healthz", "/v1/insurers", "/v1/me", "/openapi.json"]) {
      const response = await gateway.fetch(path, { headers: bearer(tenant.holder.token) });
      expect(response.headers.get("cross-origin-resource-policy"), path).toBe("same-origin");
    }
  });
});

describe("export acknowledgement statements", () => {
  it("touch only the calling key's batch, even when the service's earlier check is skipped", async () => {
    const insurer = await createInsurer(gateway);
    const pharmacy = await createPharmacy(gateway);
    await storeQueuedDocumentFor(gateway, sampleDocument({ nihii: pharmacy.nihii, insurer: insurer.code, key1: "9912319994" }));
    await gateway.drainQueue();
    const response = await gateway.fetch("/v1/exports", json({}, { ...bearer(insurer.apiKey), Accept: "application/json" }));
    const batch = LeasedBatchSchema.parse(await bodyOf(response));
    const now = new Date().toISOString();
    expect((await ackBatch(gateway.dbFor(insurer.code), batch.batchId, "key_someone-else", now)).closed).toBe(false);
    expect((await releaseBatch(gateway.dbFor(insurer.code), batch.batchId, "key_someone-else", now)).closed).toBe(false);
    const entries = await gateway.dbFor(insurer.code).all<{ delivered_at: string | null; lease_until: string | null }>(
      "SELECT delivered_at, lease_until FROM export_queue WHERE batch_id = ?",
      [batch.batchId],
    );
    expect(entries).toEqual([{ delivered_at: null, lease_until: expect.any(String) }]);
    expect((await gateway.fetch(`/v1/exports/${batch.batchId}/ack`, { method: "POST", headers: bearer(insurer.apiKey) })).status).toBe(200);
  });
});

describe("sealing keys", () => {
  it("refuses an RSA key under 2048 bits, at registration and at a policy change", async () => {
    const code = randomInsurerCode();
    const weak = await gateway.fetch("/v1/admin/insurers", json({ code, name: "Weak", sealPublicKey: rsa1024PublicKey }, bearer(gateway.adminKey)));
    const problem = await expectProblem(weak, 422, "validation_failed");
    expect(problem.errors).toEqual([expect.objectContaining({ path: "sealPublicKey", message: expect.stringContaining("2048") })]);
    const insurer = await createInsurer(gateway, { sealPublicKey: rsa2048PublicKey });
    await expectProblem(await patch(insurer.code, { sealPublicKey: rsa1024PublicKey }), 422, "validation_failed");
    const removed = PolicyChangeResultSchema.parse(await bodyOf(await patch(insurer.code, { sealPublicKey: null })));
    expect(removed.changed).toEqual([{ field: "sealPublicKey", from: expect.stringMatching(/^sha256:[0-9a-f]{64}$/), to: null }]);
  });
});
