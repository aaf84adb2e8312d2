import { base64url, CompactSign, generateKeyPair, type JWK } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Harness } from "../harness/types.js";
import { bearer, bodyOf } from "../contract/helpers.js";
import { createMemberTenant, getBarcode, verifyScan, type MemberTenant } from "../contract/member-helpers.js";
import { appHarness, manualClock } from "./support/app-harness.js";

/**
 * Forged and stale barcode tokens over HTTP (`POST /v1/barcodes/verify` and `POST /v1/bvac`), each
 * refused with its reason code. Node only: expiry and "not yet valid" need the gateway's clock moved, which the
 * shared dual-runtime harness cannot do.
 */

const start = new Date("2026-11-25T12:00:00Z");
const time = manualClock(start);
let gateway: Harness & { close(): Promise<void> };
let x: MemberTenant;
let y: MemberTenant;
let genuine: string;
let ringKey: JWK & { kid: string; x: string };

beforeAll(async () => {
  gateway = await appHarness({ clock: time.clock });
  x = await createMemberTenant(gateway);
  // Y's members sign in with their own audience (the provider is chosen by issuer + audience).
  y = await createMemberTenant(gateway, "forged-y");
  genuine = (await getBarcode(gateway, x.holder.token)).text;
  const jwks = await bodyOf<{ keys: Array<JWK & { kid: string; x: string }> }>(await gateway.fetch("/.well-known/jwks.json"));
  ringKey = jwks.keys[0]!;
});
afterAll(async () => {
  await gateway.close();
});

const parts = (text: string) => text.slice(4).split(".") as [string, string, string];
const encodeJson = (value: unknown) => base64url.encode(JSON.stringify(value));
const claimsOf = (text: string) => JSON.parse(new TextDecoder().decode(base64url.decode(parts(text)[1]))) as Record<string, unknown>;

async function signEd25519(header: Record<string, unknown>, claims: Record<string, unknown>): Promise<string> {
  const { privateKey } = await generateKeyPair("EdDSA", { crv: "Ed25519" });
  const jws = await new CompactSign(new TextEncoder().encode(JSON.stringify(claims))).setProtectedHeader({ alg: "EdDSA", ...header }).sign(privateKey);
  return `AP1:${jws}`;
}

async function hs256(secret: Uint8Array<ArrayBuffer>, claims: Record<string, unknown>): Promise<string> {
  const signingInput = `${encodeJson({ alg: "HS256", kid: ringKey.kid })}.${encodeJson(claims)}`;
  const key = await crypto.subtle.importKey("raw", secret, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const signature = new Uint8Array(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(signingInput)));
  return `AP1:${signingInput}.${base64url.encode(signature)}`;
}

/** A sale scanned with `barcode`, as the POS submits it. */
function submission(barcode: string): RequestInit {
  return {
    method: "POST",
    headers: { "Content-Type": "application/json", ...bearer(x.pharmacy.apiKey) },
    body: JSON.stringify({
      documentId: crypto.randomUUID(),
      pharmacy: { nihii: x.pharmacy.nihii, name: "Forgery test pharmacy" },
      barcode,
      deliveryDate: start.toISOString().slice(0, 10),
      patient: { name: "Jagger" },
      lines: [{ productType: 1, productId: "000000001597210", description: "FASTUM GEL", quantity: 1, publicPrice: "5.77", paidPrice: "5.77" }],
    }),
  };
}

/**
 * Refused on both pharmacy paths with the same reason: the scan check answers `valid: false`
 * (no coverage, no identity taken from an unverified token) and the sale is a 403
 * `barcode_refused` naming the reason, with nothing stored.
 */
async function expectRefused(barcode: string, reason: string, identity: "hidden" | "shown" = "hidden") {
  const answer = await verifyScan(gateway, x.pharmacy.apiKey, barcode);
  expect(answer, barcode.slice(0, 60)).toMatchObject({ valid: false, reason });
  expect(answer.coveredOn).toBeUndefined();
  if (identity === "hidden") expect([answer.insurer, answer.key1]).toEqual([null, null]);
  const sale = await gateway.fetch("/v1/bvac", submission(barcode));
  const problem = await bodyOf<{ code: string; reason?: string; errors?: Array<{ path: string; code: string }> }>(sale);
  expect(sale.status, JSON.stringify(problem)).toBe(403);
  expect(problem).toMatchObject({ code: "barcode_refused", errors: [{ path: "barcode", code: reason }] });
  return answer;
}

describe("forged barcode tokens over HTTP", () => {
  it("accepts the genuine token (the baseline every forgery below is derived from), on both paths", async () => {
    expect(await verifyScan(gateway, x.pharmacy.apiKey, genuine)).toMatchObject({ valid: true, kind: "signed", insurer: x.insurer.code, key1: x.holder.key1 });
    const sale = await gateway.fetch("/v1/bvac", submission(genuine));
    expect(sale.status, await sale.clone().text()).toBe(201);
  });

  it('refuses alg "none", with the genuine signature or none at all', async () => {
    const [, payload, signature] = parts(genuine);
    const none = encodeJson({ alg: "none", kid: ringKey.kid });
    await expectRefused(`AP1:${none}.${payload}.${signature}`, "bad_signature");
    await expectRefused(`AP1:${none}.${payload}.`, "invalid_format");
  });

  it("refuses HS256 keyed with the ring's public key (raw bytes and JWK text)", async () => {
    const claims = claimsOf(genuine);
    await expectRefused(await hs256(new Uint8Array(base64url.decode(ringKey.x)), claims), "bad_signature");
    await expectRefused(await hs256(new TextEncoder().encode(JSON.stringify(ringKey)), claims), "bad_signature");
  });

  it("refuses a valid Ed25519 signature from a key not in the ring (unknown kid)", async () => {
    await expectRefused(await signEd25519({ kid: "rogue-key-1" }, claimsOf(genuine)), "unknown_kid");
  });

  it("refuses a known kid carrying another key's signature", async () => {
    await expectRefused(await signEd25519({ kid: ringKey.kid }, claimsOf(genuine)), "bad_signature");
  });

  it("refuses a tampered payload: the genuine signature over claims naming another insurer's member", async () => {
    const [header, , signature] = parts(genuine);
    const stolen = encodeJson({ ...claimsOf(genuine), sub: `${y.insurer.code}${y.holder.key1}` });
    await expectRefused(`AP1:${header}.${stolen}.${signature}`, "bad_signature");
    const later = encodeJson({ ...claimsOf(genuine), exp: Number(claimsOf(genuine).exp) + 365 * 86_400 });
    await expectRefused(`AP1:${header}.${later}.${signature}`, "bad_signature");
  });

  it("refuses an expired token, once the gateway's clock passes its exp", async () => {
    const exp = Number(claimsOf(genuine).exp) * 1000;
    time.set(new Date(exp + 1000));
    try {
      await expectRefused(genuine, "expired", "shown");
    } finally {
      time.set(start);
    }
  });

  it("refuses a token issued in the future (another instance's clock ahead) as not yet valid", async () => {
    time.set(new Date(start.getTime() + 2 * 3600_000));
    const ahead = (await getBarcode(gateway, await gateway.memberToken({ key1: x.dependent.key1 }))).text;
    time.set(start);
    await expectRefused(ahead, "not_yet_valid", "shown");
  });

  it("refuses a revoked token at once, by the member or by their insurer", async () => {
    const before = (await getBarcode(gateway, y.holder.token)).text;
    expect((await verifyScan(gateway, x.pharmacy.apiKey, before)).valid).toBe(true);
    const revoked = await gateway.fetch(`/v1/members/${y.insurer.code}/${y.holder.key1}/revoke`, { method: "POST", headers: bearer(y.insurer.apiKey) });
    expect(revoked.status, await revoked.clone().text()).toBe(200);
    await expectRefused(before, "revoked", "shown");
  });

  it("attributes a genuine token to the insurer it was signed for, not to the pharmacy's or anyone else's", async () => {
    const theirs = (await getBarcode(gateway, x.holder.token)).text;
    const answer = await verifyScan(gateway, y.pharmacy.apiKey, theirs);
    expect(answer).toMatchObject({ valid: true, insurer: x.insurer.code, key1: x.holder.key1 });
  });
});
