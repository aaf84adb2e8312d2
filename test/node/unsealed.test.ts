import { Buffer } from "node:buffer";
import { describe, expect, it } from "vitest";
import { unsealed } from "../../src/bvac/formats/seal.js";

const decoded = (base64: string) => Buffer.from(base64, "base64").toString("utf8");

describe("unsealed messages (base64 of the UTF-8 text)", () => {
  it("round-trips text of every size, multi-byte characters included, one after the other", () => {
    const small = "<model:name>Zoë 😀 €</model:name>";
    // Past the reused encoding buffer, and one whose last character straddles its end.
    const large = "é".repeat(40_000) + small;
    const straddling = "a".repeat(64 * 1024 - 5) + "😀😀";
    for (const text of [small, large, straddling, small]) {
      const { encryptedSymmetricKey, singleMessageSealed } = unsealed(text);
      expect(encryptedSymmetricKey).toBe("");
      expect(decoded(singleMessageSealed)).toBe(text);
    }
  });
});
