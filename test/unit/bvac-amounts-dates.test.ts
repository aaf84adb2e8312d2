import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseAmount, formatCents } from "../../src/bvac/amounts.js";
import { nextDay, parseIsoDate } from "../../src/bvac/dates.js";

describe("amounts", () => {
  it.each([
    ["17.31", 1731],
    ["0.29", 29],
    ["-0.05", -5],
    ["+456.66", 45666],
    ["999999999999.99", 99_999_999_999_999],
  ])("reads %s as %i cents", (text, cents) => expect(parseAmount(text)).toBe(cents));

  it.each(["456,66", "5.4", "5", "5.400", "", " 1.00", "1e2.00", "1234567890123.00", "--1.00"])("refuses %j", (text) => {
    expect(parseAmount(text)).toBeNull();
  });

  it("formats and reads back every amount in range exactly (no float rounding)", () => {
    fc.assert(fc.property(fc.integer({ min: -99_999_999_999_999, max: 99_999_999_999_999 }), (cents) => parseAmount(formatCents(cents)) === cents));
  });
});

describe("dates", () => {
  it("keeps the calendar day and drops a time-zone suffix", () => {
    expect(parseIsoDate("1978-10-20+02:00")).toBe("1978-10-20");
    expect(parseIsoDate("2013-10-30Z")).toBe("2013-10-30");
    expect(parseIsoDate("2024-02-29")).toBe("2024-02-29");
  });
  it.each(["2013-02-30", "2023-02-29", "2013-13-01", "20131030", "2013-10-30T10:00:00", "30/10/2013"])("refuses %s", (text) => {
    expect(parseIsoDate(text)).toBeNull();
  });
  it("steps over month and year ends", () => {
    expect(nextDay("2026-12-31")).toBe("2027-01-01");
    expect(nextDay("2024-02-28")).toBe("2024-02-29");
  });
});
