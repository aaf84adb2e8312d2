import { beforeAll, describe, expect, it } from "vitest";
import { getHarness } from "#harness";
import type { Harness } from "../harness/types.js";
import { insertSession } from "../../src/core/store/member-sign-in.js";
import { sha256Hex } from "../../src/bvac/sha256.js";
import { createMemberTenant } from "./member-helpers.js";
import { bearer, bodyOf, createInsurer, expectProblem, json } from "./helpers.js";
import { jsonDocument } from "../support/bvac-documents.js";

// The member pages on both runtimes: the sign-in registration, the home page's choice of insurer,
// a session read from the database (SQLite or D1), refusals as translated pages.

let gateway: Harness;
beforeAll(async () => {
  gateway = await getHarness();
});

const configure = (code: string, body: unknown, key = gateway.adminKey) =>
  gateway.fetch(`/v1/admin/insurers/${code}/member-sign-in`, {
    method: "PUT",
    headers: { "Content-Type": "application/json", ...bearer(key) },
    body: JSON.stringify(body),
  });

/** Both cookie names: `pg_member` on loopback http, `__Host-pg_member` elsewhere (the Workers harness host). */
const sessionCookie = (id: string) => `pg_member=${id}; __Host-pg_member=${id}`;

/** A signed-in member's session, as sign-in stores it; returns the cookie value. */
async function storeSession(insurer: string, key1: string, csrfToken: string): Promise<string> {
  const id = crypto.randomUUID();
  const now = new Date();
  await gateway.db.batch([
    insertSession(sha256Hex(id), {
      insurer,
      key1,
      csrfToken,
      issuer: "https://idp.test",
      idToken: null,
      createdAt: now.toISOString(),
      lastSeenAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + 3600_000).toISOString(),
    }),
  ]);
  return id;
}

describe("member pages", () => {
  it("registers the gateway at an insurer's provider without echoing the secret; refuses http issuers and unknown insurers", async () => {
    const insurer = await createInsurer(gateway);
    const stored = await configure(insurer.code, { issuer: "https://login.insurer.example", clientId: "pharmagate", clientSecret: "s3cret" });
    const body = await bodyOf(stored);
    expect(stored.status, JSON.stringify(body)).toBe(200);
    expect(body).toEqual({ insurer: insurer.code, issuer: "https://login.insurer.example", clientId: "pharmagate", key1Claim: "key1", scope: "openid", hasClientSecret: true });
    await expectProblem(await configure(insurer.code, { issuer: "http://login.insurer.example", clientId: "x" }), 422, "validation_failed");
    await expectProblem(await configure("0001", { issuer: "https://login.insurer.example", clientId: "x" }), 404, "not_found");
    await expectProblem(await configure(insurer.code, { issuer: "https://login.insurer.example", clientId: "x" }, insurer.apiKey), 403, "forbidden");

    const home = await gateway.fetch("/", { headers: { "Accept-Language": "nl-BE" } });
    expect(home.status).toBe(200);
    expect(home.headers.get("content-language")).toBe("nl");
    expect(await home.text()).toContain(`href="/sign-in/${insurer.code}"`);
  });

  it("shows the card to a session stored in the database, and refuses the page without one, in the member's language", async () => {
    const tenant = await createMemberTenant(gateway);
    const id = await storeSession(tenant.insurer.code, tenant.holder.key1, "csrf-token-of-this-session");
    const card = await gateway.fetch("/card", { headers: { Cookie: sessionCookie(id), "Accept-Language": "fr" } });
    const html = await card.text();
    expect(card.status, html).toBe(200);
    expect(html).toContain("Ann Holder");
    expect(html).toContain("Valable jusqu&#39;au");
    expect(html).toContain('value="csrf-token-of-this-session"');
    expect(card.headers.get("cache-control")).toBe("private, no-store");
    // The sign-out form's redirect may continue to the provider that signed the member in.
    expect(card.headers.get("content-security-policy")).toContain("form-action 'self' https://idp.test");

    const refused = await gateway.fetch("/card", { headers: { Cookie: sessionCookie("no-such-session"), "Accept-Language": "de" } });
    expect(refused.status).toBe(401);
    expect(refused.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await refused.text()).toContain("Bitte melden Sie sich an, um diese Seite zu sehen.");
    expect(refused.headers.getSetCookie().join("\n"), "the dead session's cookie is cleared").toMatch(/pg_member=;/);
  });

  it("lists who handled the member's data on the access-log page, in the member's language", async () => {
    const tenant = await createMemberTenant(gateway, "pharmagate-access-log-page");
    const sale = jsonDocument({ pharmacy: tenant.pharmacy, barcode: `${tenant.insurer.code}${tenant.holder.key1}` });
    const submitted = await gateway.fetch("/v1/bvac", json(sale, bearer(tenant.pharmacy.apiKey)));
    expect(submitted.status, await submitted.clone().text()).toBe(201);
    const id = await storeSession(tenant.insurer.code, tenant.holder.key1, "csrf");
    const page = await gateway.fetch("/access-log", { headers: { Cookie: sessionCookie(id), "Accept-Language": "fr" } });
    const html = await page.text();
    expect(page.status, html).toBe(200);
    expect(html).toContain('data-event="document_submitted"');
    expect(html).toContain("Test pharmacy a envoyé une attestation à votre assureur");
    expect(html).toContain('aria-current="page">Qui a vu mes données');
    expect((await gateway.fetch("/access-log", { headers: { Cookie: sessionCookie("none") } })).status).toBe(401);
  });
});
