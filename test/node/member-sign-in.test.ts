import { describe, expect, it } from "vitest";
import { openNodeDeps } from "../../src/adapters/node/deps.js";
import { upsertIdentityProvider } from "../../src/core/store/identity-providers.js";
import { upsertMember } from "../../src/core/store/members.js";
import { insertInsurer } from "../../src/core/store/insurers.js";
import { ApiError } from "../../src/core/errors.js";
import { signTestMemberToken, testIdentityProvider, testIdp } from "../harness/identity-provider.js";
import { silentLogger } from "../../src/adapters/console-logger.js";
import { authenticateMember } from "../../src/core/services/sign-in.js";

async function setup() {
  const idp = await testIdentityProvider();
  const { deps, close } = await openNodeDeps({ filename: ":memory:", issuer: "https://gw.test", logger: silentLogger, localJwks: { [idp.jwksUrl]: idp.jwks } });
  const now = new Date().toISOString();
  const coverage = [{ from: "2020-01-01", to: null }];
  await deps.db.batch([
    insertInsurer({ code: "7001", name: "A", legacyBarcodes: "accept", mod97: false, sealPublicKey: null }, now),
    insertInsurer({ code: "7002", name: "B", legacyBarcodes: "accept", mod97: false, sealPublicKey: null }, now),
    // One provider serving two insurers, told apart by audience.
    upsertIdentityProvider({ insurer: "7001", issuer: testIdp.issuer, audience: "aud-a", jwksUrl: testIdp.jwksUrl, key1Claim: "key1" }),
    upsertIdentityProvider({ insurer: "7002", issuer: testIdp.issuer, audience: "aud-b", jwksUrl: testIdp.jwksUrl, key1Claim: "key1" }),
    ...upsertMember({ insurer: "7001", key1: "1111111111", name: "A1", birthDate: null, guardianKey1: null, coverage }, now),
    ...upsertMember({ insurer: "7002", key1: "1111111111", name: "B1", birthDate: null, guardianKey1: null, coverage }, now),
  ]);
  return { idp, deps, close };
}

describe("member sign-in (authenticateMember)", () => {
  it("picks the insurer by issuer and audience when one provider serves several insurers", async () => {
    const { idp, deps, close } = await setup();
    const tokenFor = (audience: string) => signTestMemberToken(idp.privateJwk, { key1: "1111111111", audience });
    expect(await authenticateMember(deps, await tokenFor("aud-a"))).toEqual({ insurer: "7001", key1: "1111111111" });
    expect(await authenticateMember(deps, await tokenFor("aud-b"))).toEqual({ insurer: "7002", key1: "1111111111" });
    await expect(authenticateMember(deps, await tokenFor("aud-c"))).rejects.toMatchObject({ code: "unauthenticated" });
    await close();
  });

  it("answers 503, not 401, when the provider's keys cannot be fetched", async () => {
    const { idp, deps, close } = await setup();
    const unreachable = { keySetFor: () => async () => Promise.reject(new TypeError("fetch failed")) };
    const token = await signTestMemberToken(idp.privateJwk, { key1: "1111111111", audience: "aud-a" });
    const error = await authenticateMember({ ...deps, identity: unreachable }, token).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: "unavailable", status: 503 });
    await close();
  });

  it("refuses a token without a 10-digit key1 claim", async () => {
    const { idp, deps, close } = await setup();
    const token = await signTestMemberToken(idp.privateJwk, { key1: "12345", audience: "aud-a" });
    await expect(authenticateMember(deps, token)).rejects.toMatchObject({ code: "unauthenticated", detail: expect.stringContaining("key1") });
    await close();
  });
});
