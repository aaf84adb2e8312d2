import { createLocalJWKSet, jwtVerify, SignJWT, type JSONWebKeySet } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { getHarness } from "#harness";
import { generateSigningKey } from "../../src/barcode/key-ring.js";
import { MeSchema } from "../../src/gateway/routes/member/me.js";
import { BarcodeSchema } from "../../src/gateway/routes/member/schemas.js";
import { JwkSetSchema } from "../../src/gateway/routes/public/jwks.js";
import { VerifyBarcodeResponseSchema } from "../../src/gateway/routes/pharmacy/barcode-verify.js";
import { testIdp } from "../harness/identity-provider.js";
import type { Harness } from "../harness/types.js";
import { bearer, bodyOf, createInsurer, expectProblem } from "./helpers.js";
import { createMemberTenant, getBarcode, randomKey1, verifyScan, type MemberTenant } from "./member-helpers.js";

let gateway: Harness;
let tenant: MemberTenant;
beforeAll(async () => {
  gateway = await getHarness();
  tenant = await createMemberTenant(gateway);
});

const post = (token: string) => ({ method: "POST", headers: bearer(token) });

describe("GET /.well-known/jwks.json", () => {
  it("publishes Ed25519 public keys only, with Cache-Control, and a barcode verifies against it with jose", async () => {
    const barcode = await getBarcode(gateway, tenant.holder.token);
    const response = await gateway.fetch("/.well-known/jwks.json");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/jwk-set\+json/);
    expect(response.headers.get("cache-control")).toMatch(/max-age=\d+/);
    const jwks = JwkSetSchema.parse(await bodyOf(response));
    expect(JSON.stringify(jwks)).not.toMatch(/"d"/);
    const { payload, protectedHeader } = await jwtVerify(barcode.text.slice(4), createLocalJWKSet(jwks as JSONWebKeySet), { algorithms: ["EdDSA"] });
    expect(protectedHeader).toEqual({ alg: "EdDSA", kid: barcode.kid });
    expect(Object.keys(payload).sort()).toEqual(["exp", "iat", "iss", "jti", "sub"]);
    expect(payload.sub).toBe(`${tenant.insurer.code}${tenant.holder.key1}`);
  });
});

describe("member sign-in", () => {
  it("refuses no token, a non-JWT, an unknown issuer, another audience, an expired token and a forged signature with 401", async () => {
    const key1 = tenant.holder.key1;
    const forgedKey = (await generateSigningKey(new Date())).privateJwk;
    const cases: Array<[string, Record<string, string>]> = [
      ["none", {}],
      ["garbage", bearer("not-a-jwt")],
      ["api key", bearer(tenant.pharmacy.apiKey)],
      ["issuer", bearer(await gateway.memberToken({ key1, issuer: "https://other-idp.test" }))],
      ["audience", bearer(await gateway.memberToken({ key1, audience: "someone-else" }))],
      ["expired", bearer(await gateway.memberToken({ key1, now: new Date(Date.now() - 3_600_000), expiresIn: 600 }))],
      ["signature", bearer(await gateway.memberToken({ key1, privateJwk: forgedKey }))],
    ];
    for (const [label, headers] of cases) {
      const response = await gateway.fetch("/v1/me", { headers });
      expect(response.headers.get("www-authenticate"), label).toMatch(/^Bearer/);
      await expectProblem(response, 401, "unauthenticated");
    }
  });

  it("refuses an HS256 token (only asymmetric provider algorithms are accepted)", async () => {
    const secret = new TextEncoder().encode(JSON.stringify((await bodyOf<{ keys: unknown[] }>(await gateway.fetch("/.well-known/jwks.json"))).keys[0]));
    const hs = await new SignJWT({ key1: tenant.holder.key1 })
      .setProtectedHeader({ alg: "HS256", kid: testIdp.kid })
      .setIssuer(testIdp.issuer)
      .setAudience(testIdp.audience)
      .setExpirationTime("10m")
      .sign(secret);
    await expectProblem(await gateway.fetch("/v1/me", { headers: bearer(hs) }), 401, "unauthenticated");
    const header = btoa(JSON.stringify({ alg: "HS256", kid: testIdp.kid })).replace(/=+$/, "");
    const body = btoa(JSON.stringify({ iss: testIdp.issuer, aud: testIdp.audience, key1: tenant.holder.key1, exp: Math.floor(Date.now() / 1000) + 600 })).replace(/=+$/, "");
    await expectProblem(await gateway.fetch("/v1/me", { headers: bearer(`${header}.${body}.c2ln`) }), 401, "unauthenticated");
  });

  it("answers 403 for a valid token of someone not on the roster", async () => {
    const token = await gateway.memberToken({ key1: randomKey1() });
    await expectProblem(await gateway.fetch("/v1/me", { headers: bearer(token) }), 403, "forbidden");
  });
});

describe("GET /v1/me", () => {
  it("shows the member, their coverage and the dependents linked to them", async () => {
    const response = await gateway.fetch("/v1/me", { headers: bearer(tenant.holder.token) });
    const me = MeSchema.parse(await bodyOf(response));
    expect(me).toMatchObject({ insurer: { code: tenant.insurer.code }, key1: tenant.holder.key1, name: "Ann Holder", coverage: [{ from: "2020-01-01", to: null }] });
    expect(me.dependents.map((dependent) => dependent.key1)).toEqual([tenant.dependent.key1]);
    const dependentView = MeSchema.parse(await bodyOf(await gateway.fetch("/v1/me", { headers: bearer(tenant.dependent.token) })));
    expect(dependentView.dependents).toEqual([]);
  });
});

describe("GET /v1/me/barcode", () => {
  it("hands out a signed token for the member, the same one while it has time left, and the POS finds it valid", async () => {
    const first = BarcodeSchema.parse(await getBarcode(gateway, tenant.holder.token));
    expect(first.text).toMatch(/^AP1:[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(first.text.length).toBeLessThan(300);
    expect(first.id).toBe(`${tenant.insurer.code}${tenant.holder.key1}`);
    expect(Date.parse(first.expiresAt)).toBeGreaterThan(Date.now() + 7 * 86_400_000);
    const again = await getBarcode(gateway, tenant.holder.token);
    expect(again.text).toBe(first.text);
    const scan = VerifyBarcodeResponseSchema.parse(await verifyScan(gateway, tenant.pharmacy.apiKey, `]Q1${first.text}\r\n`));
    const today = new Date().toISOString().slice(0, 10);
    expect(scan).toEqual({ valid: true, kind: "signed", insurer: tenant.insurer.code, key1: tenant.holder.key1, coveredOn: today });
  });

  it("lets a policyholder get a dependent's barcode, and nobody else's", async () => {
    const dependent = await getBarcode(gateway, tenant.holder.token, `?member=${tenant.dependent.key1}`);
    expect(dependent.id).toBe(`${tenant.insurer.code}${tenant.dependent.key1}`);
    await expectProblem(await gateway.fetch(`/v1/me/barcode?member=${tenant.holder.key1}`, { headers: bearer(tenant.dependent.token) }), 403, "forbidden");
    await expectProblem(await gateway.fetch(`/v1/me/barcode?member=${tenant.stranger.key1}`, { headers: bearer(tenant.holder.token) }), 403, "forbidden");
    await expectProblem(await gateway.fetch(`/v1/me/barcode?member=${randomKey1()}`, { headers: bearer(tenant.holder.token) }), 403, "forbidden");
    await expectProblem(await gateway.fetch("/v1/me/barcode?member=12", { headers: bearer(tenant.holder.token) }), 422, "validation_failed");
  });

  it("checks coverage on the scan date: a member whose cover ended is not_covered", async () => {
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const covered = await getBarcode(gateway, tenant.holder.token);
    expect(await verifyScan(gateway, tenant.pharmacy.apiKey, covered.text, yesterday)).toMatchObject({ valid: true, coveredOn: yesterday });
    // The stranger's cover ended in 2021 (verify no longer looks that far back: go-live-security.test.ts).
    const barcode = await getBarcode(gateway, tenant.stranger.token);
    expect(await verifyScan(gateway, tenant.pharmacy.apiKey, barcode.text)).toEqual({
      valid: false, reason: "not_covered", insurer: tenant.insurer.code, key1: tenant.stranger.key1,
    });
  });
});

/** The insurer accepts the member's 14 digits again after a revocation. */
async function liftLegacyBlock(key1: string) {
  const response = await gateway.fetch(`/v1/members/${tenant.insurer.code}/${key1}/legacy-block`, { method: "DELETE", headers: bearer(tenant.insurer.apiKey) });
  expect(await bodyOf(response)).toEqual({ insurer: tenant.insurer.code, key1, lifted: true });
}

describe("revocation", () => {
  it("POST /v1/me/barcode/revoke: the old text is revoked at once, the new one is valid", async () => {
    const old = await getBarcode(gateway, tenant.holder.token);
    expect((await verifyScan(gateway, tenant.pharmacy.apiKey, old.text)).valid).toBe(true);
    const response = await gateway.fetch("/v1/me/barcode/revoke", post(tenant.holder.token));
    const fresh = BarcodeSchema.parse(await bodyOf(response));
    expect(response.status).toBe(201);
    expect(fresh.text).not.toBe(old.text);
    expect(await verifyScan(gateway, tenant.pharmacy.apiKey, old.text)).toEqual({
      valid: false, reason: "revoked", insurer: tenant.insurer.code, key1: tenant.holder.key1,
    });
    expect((await verifyScan(gateway, tenant.pharmacy.apiKey, fresh.text)).valid).toBe(true);
    expect((await getBarcode(gateway, tenant.holder.token)).text).toBe(fresh.text);
    // The 14 digits are blocked with the tokens; the later tests scan them, so the insurer lifts that.
    await liftLegacyBlock(tenant.holder.key1);
  });

  it("a policyholder revokes for a dependent; the dependent's other codes stay untouched for others", async () => {
    const holderCode = await getBarcode(gateway, tenant.holder.token);
    const before = await getBarcode(gateway, tenant.dependent.token);
    const response = await gateway.fetch(`/v1/me/barcode/revoke?member=${tenant.dependent.key1}`, post(tenant.holder.token));
    expect(response.status).toBe(201);
    expect((await verifyScan(gateway, tenant.pharmacy.apiKey, before.text)).reason).toBe("revoked");
    expect((await verifyScan(gateway, tenant.pharmacy.apiKey, holderCode.text)).valid).toBe(true);
    await expectProblem(await gateway.fetch(`/v1/me/barcode/revoke?member=${tenant.holder.key1}`, post(tenant.dependent.token)), 403, "forbidden");
    await liftLegacyBlock(tenant.dependent.key1);
  });

  it("POST /v1/members/{insurer}/{key1}/revoke blocks the member's codes for its own insurer only", async () => {
    const code = await getBarcode(gateway, tenant.dependent.token);
    const other = await createInsurer(gateway);
    const path = `/v1/members/${tenant.insurer.code}/${tenant.dependent.key1}/revoke`;
    await expectProblem(await gateway.fetch(path, post(other.apiKey)), 404, "not_found");
    expect((await verifyScan(gateway, tenant.pharmacy.apiKey, code.text)).valid).toBe(true);
    await expectProblem(await gateway.fetch(`/v1/members/${tenant.insurer.code}/${randomKey1()}/revoke`, post(tenant.insurer.apiKey)), 404, "not_found");
    const response = await gateway.fetch(path, post(tenant.insurer.apiKey));
    expect(await bodyOf(response)).toEqual({ insurer: tenant.insurer.code, key1: tenant.dependent.key1, revoked: 1, legacyBlocked: true });
    expect((await verifyScan(gateway, tenant.pharmacy.apiKey, code.text)).reason).toBe("revoked");
    const next = await getBarcode(gateway, tenant.dependent.token);
    expect((await verifyScan(gateway, tenant.pharmacy.apiKey, next.text)).valid).toBe(true);
    await liftLegacyBlock(tenant.dependent.key1);
  });
});

describe("POST /v1/barcodes/verify", () => {
  it("refuses tampered and garbled tokens with their reason", async () => {
    const barcode = await getBarcode(gateway, tenant.holder.token);
    const [header, payload, signature] = barcode.text.slice(4).split(".") as [string, string, string];
    const claims = JSON.parse(atob(payload.replace(/-/g, "+").replace(/_/g, "/"))) as Record<string, unknown>;
    const forgedPayload = btoa(JSON.stringify({ ...claims, sub: `${tenant.insurer.code}${tenant.stranger.key1}` })).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");
    expect((await verifyScan(gateway, tenant.pharmacy.apiKey, `AP1:${header}.${forgedPayload}.${signature}`)).reason).toBe("bad_signature");
    expect((await verifyScan(gateway, tenant.pharmacy.apiKey, "AP1:nonsense")).reason).toBe("invalid_format");
    expect(await verifyScan(gateway, tenant.pharmacy.apiKey, "hello")).toEqual({ valid: false, reason: "invalid_format", insurer: null, key1: null });
  });

  it("applies the insurer's legacy policy to the 14-digit code", async () => {
    expect(await verifyScan(gateway, tenant.pharmacy.apiKey, `${tenant.insurer.code}${tenant.holder.key1}\n`)).toMatchObject({ valid: true, kind: "legacy" });
  });

  it("needs a pharmacy key", async () => {
    const body = { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ barcode: "x" }) };
    await expectProblem(await gateway.fetch("/v1/barcodes/verify", body), 401, "unauthenticated");
    await expectProblem(await gateway.fetch("/v1/barcodes/verify", { ...body, headers: { ...body.headers, ...bearer(tenant.insurer.apiKey) } }), 403, "forbidden");
  });
});

describe("barcode images and the card", () => {
  it("renders SVG for every symbology, white background included", async () => {
    for (const symbology of ["qrcode", "datamatrix", "code128"]) {
      const response = await gateway.fetch(`/v1/me/barcode.svg?symbology=${symbology}&scale=2`, { headers: bearer(tenant.holder.token) });
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toMatch(/^image\/svg\+xml/);
      expect(response.headers.get("cache-control")).toContain("no-store");
      const svg = await response.text();
      expect(svg).toMatch(/^<svg width="\d+" height="\d+" viewBox=/);
      expect(svg).toContain('fill="#FFFFFF"');
    }
    await expectProblem(await gateway.fetch("/v1/me/barcode.svg?symbology=ean13", { headers: bearer(tenant.holder.token) }), 422, "validation_failed");
    await expectProblem(await gateway.fetch("/v1/me/barcode.svg?scale=50", { headers: bearer(tenant.holder.token) }), 422, "validation_failed");
  });

  it("renders PNG on Node and answers 501 on Workers", async () => {
    const response = await gateway.fetch("/v1/me/barcode.png?symbology=qrcode", { headers: bearer(tenant.holder.token) });
    if (gateway.runtime === "workers") {
      await expectProblem(response, 501, "not_implemented");
      return;
    }
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("image/png");
    expect([...new Uint8Array(await response.arrayBuffer()).slice(0, 8)]).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
  });

  it("serves a printable card with a strict CSP, no script, both images inline, and a revoke form that works", async () => {
    const barcode = await getBarcode(gateway, tenant.holder.token);
    const response = await gateway.fetch("/v1/me/card", { headers: bearer(tenant.holder.token) });
    const html = await response.text();
    expect(response.status).toBe(200);
    expect(response.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain("Ann Holder");
    expect(html).toContain(`Insurer ${tenant.insurer.code}`);
    expect(html.match(/<img [^>]*src="data:image\/svg\+xml;base64,/g)).toHaveLength(2);
    expect(html).toContain('<form method="post" action="/v1/me/card/revoke">');
    const revoke = await gateway.fetch("/v1/me/card/revoke", { method: "POST", headers: { ...bearer(tenant.holder.token), "Content-Type": "application/x-www-form-urlencoded" }, body: "", redirect: "manual" });
    expect(revoke.status).toBe(303);
    expect(revoke.headers.get("location")).toBe("/v1/me/card");
    expect((await verifyScan(gateway, tenant.pharmacy.apiKey, barcode.text)).reason).toBe("revoked");
  });

  it("serves a dependent's card to the policyholder, and its revoke button stays on that dependent", async () => {
    const member = tenant.dependent.key1;
    const page = await (await gateway.fetch(`/v1/me/card?member=${member}`, { headers: bearer(tenant.holder.token) })).text();
    expect(page).toContain("Bo Dependent");
    expect(page).toContain(`action="/v1/me/card/revoke?member=${member}"`);
    const revoke = await gateway.fetch(`/v1/me/card/revoke?member=${member}`, { method: "POST", headers: bearer(tenant.holder.token), redirect: "manual" });
    expect(revoke.status).toBe(303);
    expect(revoke.headers.get("location")).toBe(`/v1/me/card?member=${member}`);
    await expectProblem(await gateway.fetch(`/v1/me/card?member=${tenant.holder.key1}`, { headers: bearer(tenant.dependent.token) }), 403, "forbidden");
  });
});

describe("identity provider configuration", () => {
  it("refuses an unknown insurer and a JWKS URL that is not https", async () => {
    const put = (code: string, jwksUrl: string) =>
      gateway.fetch(`/v1/admin/insurers/${code}/identity-provider`, {
        method: "PUT",
        headers: { "Content-Type": "application/json", ...bearer(gateway.adminKey) },
        body: JSON.stringify({ issuer: "https://idp.example", audience: "a", jwksUrl }),
      });
    await expectProblem(await put("0001", "https://idp.example/jwks"), 404, "not_found");
    const problem = await expectProblem(await put(tenant.insurer.code, "http://169.254.169.254/jwks"), 422, "validation_failed");
    // Both the scheme and the IP-literal host are named.
    expect(problem.errors?.map((error) => error.path)).toEqual(["jwksUrl", "jwksUrl"]);
  });
});

describe("POST /v1/admin/signing-keys/rotate", () => {
  it("rotates on Node: new tokens use the new key, old ones keep verifying, JWKS lists both; 501 on Workers", async () => {
    const old = await getBarcode(gateway, tenant.holder.token);
    const response = await gateway.fetch("/v1/admin/signing-keys/rotate", post(gateway.adminKey));
    if (gateway.runtime === "workers") {
      await expectProblem(response, 501, "not_implemented");
      return;
    }
    const rotated = await bodyOf<{ current: string; keys: Array<{ kid: string; published: boolean }> }>(response);
    expect(response.status, JSON.stringify(rotated)).toBe(201);
    expect(rotated.current).not.toBe(old.kid);
    const fresh = await getBarcode(gateway, tenant.holder.token);
    expect(fresh.kid).toBe(rotated.current);
    expect((await verifyScan(gateway, tenant.pharmacy.apiKey, old.text)).valid).toBe(true);
    expect((await verifyScan(gateway, tenant.pharmacy.apiKey, fresh.text)).valid).toBe(true);
    const jwks = JwkSetSchema.parse(await bodyOf(await gateway.fetch("/.well-known/jwks.json")));
    expect(jwks.keys.map((key) => key.kid)).toEqual(expect.arrayContaining([old.kid, fresh.kid]));
    await expectProblem(await gateway.fetch("/v1/admin/signing-keys/rotate", post(tenant.insurer.apiKey)), 403, "forbidden");
  });
});
