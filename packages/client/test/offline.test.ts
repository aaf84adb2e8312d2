import { exportJWK, generateKeyPair } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bearer } from "../../../test/contract/helpers.js";
import { createMemberTenant, getBarcode, type MemberTenant } from "../../../test/contract/member-helpers.js";
import { nodeGateway } from "../../../test/support/node-gateway.js";
import type { FetchLike } from "../src/index.js";
import { OfflineVerifier } from "../src/offline/index.js";

/**
 * Offline barcode checks against the real app: a revoked card is refused after the next refresh of
 * the status list, a stale list is reported, a rotated key verifies, every key with the kid is tried.
 */
let gateway: Awaited<ReturnType<typeof nodeGateway>>;
let m: MemberTenant;
let requests: Request[] = [];
const appFetch: FetchLike = async (request) => {
  requests.push(request);
  const url = new URL(request.url);
  return gateway.harness.fetch(url.pathname + url.search, request);
};
let clock = Date.now();
const verifier = () => new OfflineVerifier({ baseUrl: "http://gateway.test", fetch: appFetch, now: () => new Date(clock), staleForSeconds: 3600, issuer: "https://pharmagate.test" });

beforeAll(async () => {
  gateway = await nodeGateway();
  m = await createMemberTenant(gateway.harness);
});
afterAll(() => gateway.close());

describe("offline verifier", () => {
  it("refuses a revoked card after the next status-list refresh, not before, and refreshes with a 304 when nothing changed", async () => {
    clock = Date.now();
    const offline = verifier();
    const card = await getBarcode(gateway.harness, m.holder.token);
    await offline.refresh();
    expect(await offline.verify(card.text)).toMatchObject({ valid: true, revocation: "not_revoked", id: `${m.insurer.code}${m.holder.key1}`, keys: { freshness: "fresh" }, statusList: { freshness: "fresh" } });

    const lost = await gateway.harness.fetch("/v1/me/barcode/revoke", { method: "POST", headers: bearer(m.holder.token) });
    expect(lost.status).toBe(201);
    // Offline until the next refresh: the cached list does not know yet.
    expect((await offline.verify(card.text)).valid).toBe(true);
    await offline.refreshStatusList();
    expect(await offline.verify(card.text)).toMatchObject({ valid: false, reason: "revoked", revocation: "revoked" });
    // The replacement card was issued with the revocation, so the refreshed list knows it.
    const replacement = await getBarcode(gateway.harness, m.holder.token);
    expect(await offline.verify(replacement.text)).toMatchObject({ valid: true, revocation: "not_revoked" });
    // A card issued after the last refresh is beyond the cached list: its revocation is unknown, said so.
    const newer = await getBarcode(gateway.harness, m.dependent.token);
    expect(await offline.verify(newer.text)).toMatchObject({ valid: true, revocation: "unknown" });

    requests = [];
    await offline.refreshStatusList();
    await offline.refreshStatusList();
    const statuses = await Promise.all(requests.map((r) => r.headers.get("If-None-Match")));
    expect(statuses.every((tag) => tag !== null)).toBe(true);
    expect(await offline.verify(newer.text)).toMatchObject({ valid: true, revocation: "not_revoked" });
  });

  it("reports a stale list and stale keys with the last sync time, then refuses once they expire", async () => {
    clock = Date.now();
    const offline = verifier();
    await offline.refresh();
    const synced = new Date(clock).toISOString();
    const card = await getBarcode(gateway.harness, m.dependent.token);
    await offline.refreshStatusList();
    clock += 301_000; // past the list's ttl and the JWKS max-age (300 s)
    const stale = await offline.verify(card.text);
    expect(stale).toMatchObject({ valid: true, keys: { freshness: "stale" }, statusList: { freshness: "stale" } });
    expect(stale.keys.lastSync).toBe(synced);
    clock += 3600_000;
    expect(await offline.verify(card.text)).toMatchObject({ valid: false, reason: "keys_expired", keys: { freshness: "expired" } });
  });

  it("verifies a card signed with a rotated key once the JWKS is refreshed (and refuses the revoked old one)", async () => {
    clock = Date.now();
    const offline = verifier();
    const before = await getBarcode(gateway.harness, m.stranger.token);
    await offline.refresh();
    const rotated = await gateway.harness.fetch("/v1/admin/signing-keys/rotate", { method: "POST", headers: bearer(gateway.harness.adminKey) });
    expect(rotated.status).toBe(201);
    // The stranger's coverage ended in 2021, but a barcode is still issued: coverage is decided at the sale.
    const lost = await gateway.harness.fetch("/v1/me/barcode/revoke", { method: "POST", headers: bearer(m.stranger.token) });
    const after = (await lost.json()) as { text: string; kid: string };
    expect(after.kid).not.toBe(before.kid);
    expect(await offline.verify(after.text)).toMatchObject({ valid: false, reason: "unknown_kid" });
    await offline.refresh();
    expect(await offline.verify(after.text)).toMatchObject({ valid: true, revocation: "not_revoked" });
    expect(await offline.verify(before.text)).toMatchObject({ valid: false, reason: "revoked" });
  });

  it("tries every key with the token's kid", async () => {
    clock = Date.now();
    const card = await getBarcode(gateway.harness, m.holder.token);
    const jwks = (await (await gateway.harness.fetch("/.well-known/jwks.json")).json()) as { keys: Array<{ kid: string }> };
    const { publicKey } = await generateKeyPair("EdDSA", { crv: "Ed25519", extractable: true });
    // A wrong key published under the same kid first, as a botched rotation would.
    const impostor = { ...(await exportJWK(publicKey)), kid: card.kid, alg: "EdDSA", use: "sig" };
    const offline = new OfflineVerifier({
      baseUrl: "http://gateway.test",
      now: () => new Date(clock),
      fetch: async (request) =>
        new URL(request.url).pathname === "/.well-known/jwks.json"
          ? new Response(JSON.stringify({ keys: [impostor, ...jwks.keys] }), { headers: { "Cache-Control": "max-age=60" } })
          : appFetch(request),
    });
    await offline.refresh();
    expect(await offline.verify(card.text)).toMatchObject({ valid: true });
  });
});
