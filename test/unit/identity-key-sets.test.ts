import { errors } from "jose";
import { describe, expect, it } from "vitest";
import { identityKeySets, parsePinnedJwks } from "../../src/adapters/identity/key-sets.js";

describe("identity provider key sets", () => {
  it("parses pinned JWKS and refuses malformed ones with the offending entry named", () => {
    const jwks = { keys: [{ kty: "OKP", crv: "Ed25519", x: "AAAA", kid: "k" }] };
    expect(parsePinnedJwks(JSON.stringify({ "https://idp.example/jwks": jwks }))).toEqual({ "https://idp.example/jwks": jwks });
    expect(parsePinnedJwks(undefined)).toEqual({});
    expect(() => parsePinnedJwks(JSON.stringify({ "https://idp.example/jwks": { keys: [] } }))).toThrow(/IDENTITY_JWKS: https:\/\/idp.example\/jwks.keys/);
  });

  it("trusts no key for an unpinned URL that is not https, without any network call", async () => {
    const getter = identityKeySets({}).keySetFor("http://idp.example/jwks");
    await expect(getter({ alg: "EdDSA" }, { payload: "", signature: "" })).rejects.toBeInstanceOf(errors.JWKSNoMatchingKey);
  });
});
