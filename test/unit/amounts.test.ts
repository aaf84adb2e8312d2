import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatCents, parseAmount } from "../../src/bvac/amounts.js";

describe("amounts (integer cents ↔ 2-decimal strings)", () => {
  it.each([
    [0, "0.00"],
    [5, "0.05"],
    [1731, "17.31"],
    [-150, "-1.50"],
    [-5, "-0.05"],
    [99_999_999_999_999, "999999999999.99"],
  ])("%d ↔ %s", (cents, text) => {
    expect(formatCents(cents)).toBe(text);
    expect(parseAmount(text)).toBe(cents);
  });

  it("round-trips every amount the BVAC pattern allows", () => {
    fc.assert(fc.property(fc.integer({ min: -99_999_999_999_999, max: 99_999_999_999_999 }), (cents) => {
      const text = formatCents(cents);
      expect(text).toMatch(/^-?\d{1,12}\.\d{2}$/);
      expect(parseAmount(text)).toBe(cents);
    }));
  });

  it.each(["12", "12.3", "12,30", "1e3", "", "--1.00"])("refuses %j", (text) => {
    expect(parseAmount(text)).toBeNull();
  });
});
