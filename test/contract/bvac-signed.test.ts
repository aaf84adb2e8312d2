import { beforeAll, describe, expect, it } from "vitest";
import { getHarness } from "#harness";
import { ReceiptSchema } from "../../src/gateway/routes/pharmacy/bvac-schemas.js";
import type { Harness } from "../harness/types.js";
import { jsonDocument } from "./bvac-helpers.js";
import { bearer, bodyOf, expectProblem, json } from "./helpers.js";
import { createMemberTenant, getBarcode, type MemberTenant } from "./member-helpers.js";

let gateway: Harness;
let tenant: MemberTenant;
beforeAll(async () => {
  gateway = await getHarness();
  tenant = await createMemberTenant(gateway);
});

const submit = (barcode: string, overrides: Record<string, unknown> = {}) =>
  gateway.fetch("/v1/bvac", json(jsonDocument({ pharmacy: tenant.pharmacy, barcode }, overrides), bearer(tenant.pharmacy.apiKey)));

describe("POST /v1/bvac with a signed member barcode", () => {
  it("accepts a valid signed barcode, scanned with an AIM prefix and CR/LF, for the member it names", async () => {
    const { text } = await getBarcode(gateway, tenant.holder.token);
    const documentId = crypto.randomUUID();
    const response = await submit(`]Q1${text}\r\n`, { documentId });
    const body = await bodyOf(response);
    expect(response.status, JSON.stringify(body)).toBe(201);
    expect(ReceiptSchema.parse(body).status).toBe("queued");
    const stored = await bodyOf<{ document: { barcode: unknown } }>(
      await gateway.fetch(`/v1/bvac/${documentId}`, { headers: bearer(tenant.pharmacy.apiKey) }),
    );
    expect(stored.document.barcode).toEqual({ insurer: tenant.insurer.code, key1: tenant.holder.key1 });
  });

  it("refuses a revoked barcode with reason revoked, but still answers a replay of a sale accepted before", async () => {
    const { text } = await getBarcode(gateway, tenant.dependent.token);
    const documentId = crypto.randomUUID();
    expect((await submit(text, { documentId })).status).toBe(201);
    const revoked = await gateway.fetch(`/v1/members/${tenant.insurer.code}/${tenant.dependent.key1}/revoke`, { method: "POST", headers: bearer(tenant.insurer.apiKey) });
    expect(revoked.status).toBe(200);

    const problem = await expectProblem(await submit(text), 403, "barcode_refused");
    expect(problem).toMatchObject({ reason: "revoked", errors: [{ path: "barcode", code: "revoked" }] });
    // DUPLICATA: the same document again is the stored answer, not a refusal.
    expect((await submit(text, { documentId })).status).toBe(200);
  });

  it("refuses a forged barcode (payload changed to another member) with reason bad_signature", async () => {
    const { text } = await getBarcode(gateway, tenant.holder.token);
    const [header, payload, signature] = text.slice(4).split(".") as [string, string, string];
    const claims = JSON.parse(atob(payload.replace(/-/g, "+").replace(/_/g, "/"))) as Record<string, unknown>;
    const forged = btoa(JSON.stringify({ ...claims, sub: `${tenant.insurer.code}${tenant.stranger.key1}` }))
      .replace(/=+$/, "")
      .replace(/\+/g, "-")
      .replace(/\//g, "_");
    const problem = await expectProblem(await submit(`AP1:${header}.${forged}.${signature}`), 403, "barcode_refused");
    expect(problem).toMatchObject({ reason: "bad_signature" });
  });

  it("refuses a valid barcode of a member not covered on the delivery date", async () => {
    const { text } = await getBarcode(gateway, tenant.stranger.token);
    const problem = await expectProblem(await submit(text), 403, "barcode_refused");
    expect(problem).toMatchObject({ reason: "not_covered" });
  });
});
