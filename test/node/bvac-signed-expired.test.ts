import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Clock } from "../../src/core/ports.js";
import { jsonDocument } from "../contract/bvac-helpers.js";
import { bearer, bodyOf, expectProblem, json } from "../contract/helpers.js";
import { createMemberTenant, getBarcode } from "../contract/member-helpers.js";
import { nodeGateway } from "../support/node-gateway.js";

// Expiry needs time to pass: a gateway on a clock the test moves (barcode lifetime: 1 hour).
let now = new Date();
const clock: Clock = { now: () => now };
let gateway: Awaited<ReturnType<typeof nodeGateway>>;

beforeAll(async () => {
  gateway = await nodeGateway({ clock, barcodeTtlSeconds: 3600 });
});
afterAll(async () => {
  await gateway?.close();
});

describe("POST /v1/bvac with an expired signed barcode", () => {
  it("accepts the barcode while it is valid and refuses it with reason expired afterwards", async () => {
    const { harness } = gateway;
    const tenant = await createMemberTenant(harness);
    const { text } = await getBarcode(harness, tenant.holder.token);
    const today = now.toISOString().slice(0, 10);
    const submit = () =>
      harness.fetch("/v1/bvac", json(jsonDocument({ pharmacy: tenant.pharmacy, barcode: text }, { deliveryDate: today }), bearer(tenant.pharmacy.apiKey)));

    const accepted = await submit();
    expect(accepted.status, JSON.stringify(await bodyOf(accepted))).toBe(201);
    now = new Date(now.getTime() + 2 * 3600 * 1000);
    const problem = await expectProblem(await submit(), 403, "barcode_refused");
    expect(problem).toMatchObject({ reason: "expired", errors: [{ path: "barcode", code: "expired" }] });
  });
});
