import { describe, expect, it } from "vitest";
import { sha256Hex } from "../../src/bvac/sha256.js";

describe("sha256Hex", () => {
  it("matches the FIPS 180-2 vectors and WebCrypto on non-ASCII text", async () => {
    expect(sha256Hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(sha256Hex("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    const text = "Pharmacie Saint-Gérard — 9912319994 €";
    const web = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
    expect(sha256Hex(text)).toBe(Array.from(web, (byte) => byte.toString(16).padStart(2, "0")).join(""));
  });
});
