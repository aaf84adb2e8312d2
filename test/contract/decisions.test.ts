import { beforeAll, describe, expect, it } from "vitest";
import { getHarness } from "#harness";
import { DecisionSchema } from "../../src/gateway/routes/insurer/decision.js";
import type { Harness } from "../harness/types.js";
import { sampleDocument, storeQueuedDocumentFor } from "../support/bvac-documents.js";
import { leaseAndAck } from "./export-flow.js";
import { bearer, bodyOf, createInsurer, createPharmacy, expectProblem, json, randomNihii } from "./helpers.js";

let gateway: Harness;
beforeAll(async () => {
  gateway = await getHarness();
});

async function arrange() {
  const pharmacy = await createPharmacy(gateway);
  const insurer = await createInsurer(gateway);
  const doc = sampleDocument({ nihii: pharmacy.nihii, insurer: insurer.code, key1: "9912319994" });
  await storeQueuedDocumentFor(gateway, doc);
  return { pharmacy, insurer, doc };
}

const decide = (key: string, nihii: string, documentId: string, body: object) =>
  gateway.fetch(`/v1/bvac/${documentId}/decision?pharmacy=${nihii}`, json(body, bearer(key)));

describe("insurer decisions", () => {
  it("refuses a decision before the document is delivered", async () => {
    const { pharmacy, insurer, doc } = await arrange();
    await expectProblem(await decide(insurer.apiKey, pharmacy.nihii, doc.documentId, { status: "accepted" }), 409, "conflict");
  });

  it("stores a decision, answers a repeat the same, allows accepted → paid and keeps paid final", async () => {
    const { pharmacy, insurer, doc } = await arrange();
    await leaseAndAck(gateway, insurer.apiKey);
    const first = await decide(insurer.apiKey, pharmacy.nihii, doc.documentId, { status: "accepted", reimbursedAmount: "12.40", reason: "Plan B" });
    expect(first.status).toBe(200);
    const accepted = DecisionSchema.parse(await bodyOf(first));
    expect(accepted).toMatchObject({ status: "accepted", reimbursedAmount: "12.40", reason: "Plan B", documentId: doc.documentId });
    const repeat = DecisionSchema.parse(await bodyOf(await decide(insurer.apiKey, pharmacy.nihii, doc.documentId, { status: "accepted", reimbursedAmount: "12.40", reason: "Plan B" })));
    expect(repeat).toEqual(accepted);
    const paid = DecisionSchema.parse(await bodyOf(await decide(insurer.apiKey, pharmacy.nihii, doc.documentId, { status: "paid", reimbursedAmount: "12.40" })));
    expect(paid).toMatchObject({ status: "paid", reimbursedAmount: "12.40", reason: null });
    await expectProblem(await decide(insurer.apiKey, pharmacy.nihii, doc.documentId, { status: "rejected", reason: "late audit" }), 409, "conflict");
    await expectProblem(await decide(insurer.apiKey, pharmacy.nihii, doc.documentId, { status: "paid", reimbursedAmount: "1.00" }), 409, "conflict");
    const stored = await gateway.dbFor(insurer.code).first<{ status: string }>("SELECT status FROM bvac_documents WHERE document_id = ?", [doc.documentId]);
    expect(stored?.status).toBe("paid");
  });

  it("hides other insurers' documents and other pharmacies' ids (404)", async () => {
    const { pharmacy, insurer, doc } = await arrange();
    await leaseAndAck(gateway, insurer.apiKey);
    const other = await createInsurer(gateway);
    await expectProblem(await decide(other.apiKey, pharmacy.nihii, doc.documentId, { status: "accepted" }), 404, "not_found");
    await expectProblem(await decide(insurer.apiKey, randomNihii(), doc.documentId, { status: "accepted" }), 404, "not_found");
  });

  it("validates amounts against the status and the paid total, reporting every problem", async () => {
    const { pharmacy, insurer, doc } = await arrange();
    await leaseAndAck(gateway, insurer.apiKey);
    const paidWithout = await expectProblem(await decide(insurer.apiKey, pharmacy.nihii, doc.documentId, { status: "paid" }), 422, "validation_failed");
    expect(paidWithout.errors?.map((error) => error.path)).toEqual(["reimbursedAmount"]);
    const rejectedWith = await expectProblem(await decide(insurer.apiKey, pharmacy.nihii, doc.documentId, { status: "rejected", reimbursedAmount: "1.00" }), 422, "validation_failed");
    expect(rejectedWith.errors?.map((error) => error.path)).toEqual(["reimbursedAmount"]);
    // The patient paid 20.63 for this document.
    const tooMuch = await expectProblem(await decide(insurer.apiKey, pharmacy.nihii, doc.documentId, { status: "accepted", reimbursedAmount: "20.64" }), 422, "validation_failed");
    expect(tooMuch.errors?.[0]?.code).toBe("exceeds_paid_total");
    // The query is checked before the body (one validator per request part).
    const noPharmacy = await gateway.fetch(`/v1/bvac/${doc.documentId}/decision`, json({ status: "accepted" }, bearer(insurer.apiKey)));
    expect((await expectProblem(noPharmacy, 422, "validation_failed")).errors?.map((error) => error.path)).toEqual(["pharmacy"]);
    const bogus = await expectProblem(await decide(insurer.apiKey, pharmacy.nihii, doc.documentId, { status: "bogus", reason: "" }), 422, "validation_failed");
    expect(bogus.errors?.map((error) => error.path).sort()).toEqual(["reason", "status"]);
  });
});

describe("insurer decisions on a cancelled sale", () => {
  it("only allows rejecting a sale the pharmacy cancelled after delivery", async () => {
    const { pharmacy, insurer, doc } = await arrange();
    await leaseAndAck(gateway, insurer.apiKey);
    const cancelled = await gateway.fetch(`/v1/bvac/${doc.documentId}/cancel`, { method: "POST", headers: bearer(pharmacy.apiKey) });
    expect(cancelled.status).toBe(200);
    await expectProblem(await decide(insurer.apiKey, pharmacy.nihii, doc.documentId, { status: "paid", reimbursedAmount: "1.00" }), 409, "conflict");
    const rejected = await decide(insurer.apiKey, pharmacy.nihii, doc.documentId, { status: "rejected", reason: "Cancelled by the pharmacy" });
    expect(DecisionSchema.parse(await bodyOf(rejected))).toMatchObject({ status: "rejected", reimbursedAmount: null });
  });
});
