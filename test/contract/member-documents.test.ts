import { beforeAll, describe, expect, it } from "vitest";
import { getHarness } from "#harness";
import { MemberDocumentSchema } from "../../src/gateway/routes/member/documents.js";
import type { Harness } from "../harness/types.js";
import { sampleDocument, storeQueuedDocumentFor } from "../support/bvac-documents.js";
import { leaseAndAck } from "./export-flow.js";
import { bearer, bodyOf, createInsurer, expectProblem, json } from "./helpers.js";
import { createMemberTenant, type MemberTenant } from "./member-helpers.js";

let gateway: Harness;
let tenant: MemberTenant;
const ids = { holder: "", dependent: "", stranger: "", otherInsurer: "", second: "" };

beforeAll(async () => {
  gateway = await getHarness();
  tenant = await createMemberTenant(gateway);
  const store = async (insurer: string, key1: string) => {
    const doc = sampleDocument({ nihii: tenant.pharmacy.nihii, insurer, key1 });
    await storeQueuedDocumentFor(gateway, doc);
    return doc.documentId;
  };
  ids.holder = await store(tenant.insurer.code, tenant.holder.key1);
  ids.dependent = await store(tenant.insurer.code, tenant.dependent.key1);
  ids.stranger = await store(tenant.insurer.code, tenant.stranger.key1);
  // Same key1 at another insurer: a different person.
  const other = await createInsurer(gateway);
  ids.otherInsurer = await store(other.code, tenant.holder.key1);
  ids.second = await store(tenant.insurer.code, tenant.holder.key1);
});

const list = async (token: string, query = "") => {
  const response = await gateway.fetch(`/v1/me/documents${query}`, { headers: bearer(token) });
  const body = await bodyOf<{ documents: unknown[]; nextCursor: number | null }>(response);
  expect(response.status, JSON.stringify(body)).toBe(200);
  return { documents: body.documents.map((document) => MemberDocumentSchema.parse(document)), nextCursor: body.nextCursor };
};

describe("member follow-up (GET /v1/me/documents)", () => {
  it("lists the member's and their dependents' documents, newest first, and nobody else's", async () => {
    const { documents } = await list(tenant.holder.token);
    expect(documents.map((document) => document.documentId)).toEqual([ids.second, ids.dependent, ids.holder]);
    expect(documents[1]).toMatchObject({
      member: { key1: tenant.dependent.key1, name: "Bo Dependent" },
      pharmacy: { nihii: tenant.pharmacy.nihii, name: "Test pharmacy" },
      deliveryDate: "2026-11-20",
      status: "queued",
      totals: { publicPrice: "31.30", paidPrice: "20.63", homeopathy: "0.00" },
      reimbursedAmount: null,
    });
    expect((await list(tenant.dependent.token)).documents.map((document) => document.documentId)).toEqual([ids.dependent]);
    expect((await list(tenant.stranger.token)).documents.map((document) => document.documentId)).toEqual([ids.stranger]);
  });

  it("shows the insurer's decision once posted", async () => {
    await leaseAndAck(gateway, tenant.insurer.apiKey);
    expect((await list(tenant.holder.token)).documents.every((document) => document.status === "delivered")).toBe(true);
    const decided = await gateway.fetch(
      `/v1/bvac/${ids.holder}/decision?pharmacy=${tenant.pharmacy.nihii}`,
      json({ status: "paid", reimbursedAmount: "15.20", reason: "Ambulatory plan" }, bearer(tenant.insurer.apiKey)),
    );
    expect(decided.status).toBe(200);
    const holder = (await list(tenant.holder.token)).documents.find((document) => document.documentId === ids.holder);
    expect(holder).toMatchObject({ status: "paid", reimbursedAmount: "15.20", decisionReason: "Ambulatory plan" });
    expect(holder?.decidedAt).toBeTruthy();
  });

  it("pages with nextCursor, filters to one dependent, and refuses others", async () => {
    const first = await list(tenant.holder.token, "?limit=2");
    expect(first.documents).toHaveLength(2);
    expect(first.nextCursor).not.toBeNull();
    const rest = await list(tenant.holder.token, `?limit=2&before=${first.nextCursor}`);
    expect(rest.documents.map((document) => document.documentId)).toEqual([ids.holder]);
    expect(rest.nextCursor).toBeNull();
    expect((await list(tenant.holder.token, `?member=${tenant.dependent.key1}`)).documents.map((document) => document.documentId)).toEqual([ids.dependent]);
    await expectProblem(await gateway.fetch(`/v1/me/documents?member=${tenant.stranger.key1}`, { headers: bearer(tenant.holder.token) }), 403, "forbidden");
    await expectProblem(await gateway.fetch("/v1/me/documents"), 401, "unauthenticated");
  });
});
