import { describe, expect, it } from "vitest";
import { canonicalJson } from "../../src/bvac/content-hash.js";

describe("canonicalJson (the stored replay key: its text must never change)", () => {
  it("sorts keys at every level, leaves out undefined members and writes undefined array items as nothing", () => {
    const value = { b: [3, { z: 1, a: undefined, m: "é\"" }, undefined, null], a: { y: true, x: -0.5 }, "é": "", c: undefined };
    expect(canonicalJson(value)).toBe('{"a":{"x":-0.5,"y":true},"b":[3,{"m":"é\\"","z":1},,null],"é":""}');
  });

  it("gives equal text for equal documents whatever their key order", () => {
    expect(canonicalJson({ lines: [{ quantity: 1, productId: "x" }], documentId: "d" })).toBe(canonicalJson({ documentId: "d", lines: [{ productId: "x", quantity: 1 }] }));
  });
});
