import { beforeAll, describe, expect, it } from "vitest";
import { getHarness } from "#harness";
import { AccessLogEntrySchema } from "../../src/gateway/routes/member/access-log.js";
import { MemberExportSchema } from "../../src/gateway/routes/member/export.js";
import type { Harness } from "../harness/types.js";
import { insurerCopyFor, jsonDocument } from "./bvac-helpers.js";
import { leaseAndAck } from "./export-flow.js";
import { bearer, bodyOf, createInsurer, expectProblem, json } from "./helpers.js";
import { createMemberTenant, getBarcode, type MemberTenant } from "./member-helpers.js";
import { upsertMember } from "../../src/core/store/members.js";
import { z } from "zod";

let gateway: Harness;
let tenant: MemberTenant;
const ids = { holder: "", dependent: "", stranger: "", otherInsurer: "" };

const barcodeOf = (key1: string, insurer = tenant.insurer.code) => `${insurer}${key1}`;

async function submit(barcode: string, patient: string, pharmacy = tenant.pharmacy) {
  const body = jsonDocument({ pharmacy, barcode }, { patient: { name: patient, firstName: "Test" } });
  const response = await gateway.fetch("/v1/bvac", json(body, bearer(pharmacy.apiKey)));
  expect(response.status, await response.clone().text()).toBe(201);
  return body.documentId;
}

beforeAll(async () => {
  gateway = await getHarness();
  tenant = await createMemberTenant(gateway);
  // The stranger's coverage ended in 2021: give them a current one to submit with.
  await gateway.dbFor(tenant.insurer.code).batch(
    upsertMember({ insurer: tenant.insurer.code, key1: tenant.stranger.key1, name: "Cy Stranger", birthDate: null, guardianKey1: null, coverage: [{ from: "2020-01-01", to: null }] }, new Date().toISOString()),
  );
  await getBarcode(gateway, tenant.holder.token);
  const lost = await gateway.fetch("/v1/me/barcode/revoke", { method: "POST", headers: bearer(tenant.holder.token) });
  expect(lost.status, await lost.clone().text()).toBe(201);
  // A lost card blocks the 14 digits too: the holder's sale is scanned from the new signed barcode.
  ids.holder = await submit((await bodyOf<{ text: string }>(lost)).text, "Holder-Patient");
  ids.dependent = await submit(barcodeOf(tenant.dependent.key1), "Dependent-Patient");
  ids.stranger = await submit(barcodeOf(tenant.stranger.key1), "Stranger-Patient");
  await leaseAndAck(gateway, tenant.insurer.apiKey);
  const decided = await gateway.fetch(
    `/v1/bvac/${ids.holder}/decision?pharmacy=${tenant.pharmacy.nihii}`,
    json({ status: "paid", reimbursedAmount: "15.20", reason: "Ambulatory plan" }, bearer(tenant.insurer.apiKey)),
  );
  expect(decided.status, await decided.clone().text()).toBe(200);
  // The same key1 at another insurer is another person.
  const other = await createInsurer(gateway);
  await gateway.dbFor(other.code).batch([
    ...(await insurerCopyFor(gateway, other.code)),
    ...upsertMember({ insurer: other.code, key1: tenant.holder.key1, name: "Namesake", birthDate: null, guardianKey1: null, coverage: [{ from: "2020-01-01", to: null }] }, new Date().toISOString()),
  ]);
  ids.otherInsurer = await submit(barcodeOf(tenant.holder.key1, other.code), "Namesake-Patient");
});

const Page = z.object({ entries: z.array(AccessLogEntrySchema), nextCursor: z.number().int().nullable() });

async function accessLog(token: string, query = "") {
  const response = await gateway.fetch(`/v1/me/access-log${query}`, { headers: bearer(token) });
  const body = await bodyOf(response);
  expect(response.status, JSON.stringify(body)).toBe(200);
  return Page.parse(body);
}

describe("member access log (GET /v1/me/access-log)", () => {
  it("lists the submission, the delivery and the decision of a document in order, with the pharmacy's name", async () => {
    const { entries } = await accessLog(tenant.holder.token);
    const aboutDocument = entries.filter((entry) => entry.documentId === ids.holder);
    expect(aboutDocument.map((entry) => [entry.event, entry.actor])).toEqual([
      ["document_submitted", "pharmacy"],
      ["document_delivered", "insurer"],
      ["document_decided", "insurer"],
    ]);
    expect(aboutDocument[0]).toMatchObject({ key1: tenant.holder.key1, pharmacy: { nihii: tenant.pharmacy.nihii, name: "Test pharmacy" } });
    expect(aboutDocument[2]?.detail).toBe("paid");
    const times = aboutDocument.map((entry) => entry.at);
    expect([...times].sort()).toEqual(times);
  });

  it("lists the sign-in once per token, and each barcode issued and revoked", async () => {
    const { entries } = await accessLog(tenant.holder.token);
    const own = entries.filter((entry) => entry.key1 === tenant.holder.key1 && entry.documentId === null).map((entry) => entry.event);
    expect(own).toEqual(["signed_in", "barcode_issued", "barcode_revoked", "barcode_issued"]);
    const revoked = entries.find((entry) => entry.event === "barcode_revoked");
    expect(revoked).toMatchObject({ actor: "member", detail: "1" });
  });

  it("shows a guardian their dependents' entries, and nobody anyone else's", async () => {
    const holder = (await accessLog(tenant.holder.token)).entries;
    expect(holder.some((entry) => entry.documentId === ids.dependent && entry.key1 === tenant.dependent.key1)).toBe(true);
    const documentIds = holder.map((entry) => entry.documentId);
    expect(documentIds).not.toContain(ids.stranger);
    expect(documentIds).not.toContain(ids.otherInsurer);

    const dependent = (await accessLog(tenant.dependent.token)).entries;
    expect(dependent.every((entry) => entry.key1 === tenant.dependent.key1)).toBe(true);
    expect(dependent.map((entry) => entry.documentId)).not.toContain(ids.holder);

    const only = (await accessLog(tenant.holder.token, `?member=${tenant.dependent.key1}`)).entries;
    expect(only.length).toBeGreaterThan(0);
    expect(only.every((entry) => entry.key1 === tenant.dependent.key1)).toBe(true);
    await expectProblem(await gateway.fetch(`/v1/me/access-log?member=${tenant.stranger.key1}`, { headers: bearer(tenant.holder.token) }), 403, "forbidden");
    await expectProblem(await gateway.fetch("/v1/me/access-log"), 401, "unauthenticated");
  });

  it("pages with nextCursor", async () => {
    const all = (await accessLog(tenant.holder.token)).entries;
    const first = await accessLog(tenant.holder.token, "?limit=2");
    expect(first.entries).toEqual(all.slice(0, 2));
    expect(first.nextCursor).toBe(all[1]?.id);
    const rest = await accessLog(tenant.holder.token, `?limit=500&after=${first.nextCursor}`);
    expect(rest.entries).toEqual(all.slice(2));
    expect(rest.nextCursor).toBeNull();
  });
});

describe("member export (GET /v1/me/export)", () => {
  it("holds everything about the member and their dependents, and nothing of another member", async () => {
    const response = await gateway.fetch("/v1/me/export", { headers: bearer(tenant.holder.token) });
    const text = await response.text();
    expect(response.status, text).toBe(200);
    expect(response.headers.get("content-disposition")).toMatch(/attachment/);
    const exported = MemberExportSchema.parse(JSON.parse(text));

    expect(exported).toMatchObject({ insurer: { code: tenant.insurer.code }, member: tenant.holder.key1 });
    expect(exported.people.map((person) => [person.key1, person.name])).toEqual(
      [[tenant.holder.key1, "Ann Holder"], [tenant.dependent.key1, "Bo Dependent"]].sort((a, b) => a[0]!.localeCompare(b[0]!)),
    );
    expect(exported.people.every((person) => person.coverage.length === 1)).toBe(true);
    // The lost card blocked the holder's 14 digits: that is held about them too.
    expect(exported.people.find((person) => person.key1 === tenant.holder.key1)?.legacyBlockedSince).toBeTruthy();
    expect(exported.documents.map((document) => document.documentId).sort()).toEqual([ids.holder, ids.dependent].sort());
    const holderDocument = exported.documents.find((document) => document.documentId === ids.holder);
    expect(holderDocument).toMatchObject({
      key1: tenant.holder.key1,
      status: "paid",
      decision: { status: "paid", reimbursedAmount: "15.20", reason: "Ambulatory plan" },
      content: { patient: { name: "Holder-Patient" }, prescriber: { riziv: "10000106999" } },
    });
    expect(holderDocument?.content.lines).toHaveLength(2);
    expect(exported.barcodes.filter((barcode) => barcode.key1 === tenant.holder.key1)).toHaveLength(2);
    expect(exported.barcodes.filter((barcode) => barcode.revokedAt !== null)).toHaveLength(1);
    expect(exported.accessLog).toEqual((await accessLog(tenant.holder.token, "?limit=500")).entries);

    // Nothing of the stranger, nor of the namesake at another insurer.
    for (const foreign of [tenant.stranger.key1, "Cy Stranger", ids.stranger, "Stranger-Patient", ids.otherInsurer, "Namesake"]) {
      expect(text).not.toContain(foreign);
    }
  });

  it("gives a dependent their own data only", async () => {
    const response = await gateway.fetch("/v1/me/export", { headers: bearer(tenant.dependent.token) });
    const exported = MemberExportSchema.parse(await bodyOf(response));
    expect(exported.people.map((person) => person.key1)).toEqual([tenant.dependent.key1]);
    expect(exported.documents.map((document) => document.documentId)).toEqual([ids.dependent]);
    expect(JSON.stringify(exported)).not.toContain("Holder-Patient");
  });
});
