import { describe, expect, it } from "vitest";
import {
  hasValidBarcodeMod97,
  isValidCnk,
  isValidInsz,
  isValidNihii,
  isValidRid,
  isValidRiziv,
} from "../../src/bvac/identifiers.js";

// Vectors from shared/domain.md.
describe("identifier check digits", () => {
  it.each(["1597210", "2837409", "0338707", "2663532", "2597235"])("CNK %s is valid", (cnk) => {
    expect(isValidCnk(cnk)).toBe(true);
  });
  it.each(["2837408", "283740", "28374090", "x837409"])("CNK %s is invalid", (cnk) => {
    expect(isValidCnk(cnk)).toBe(false);
  });
  it.each(["31410182", "27456740", "99934051"])("NIHII %s is valid", (nihii) => expect(isValidNihii(nihii)).toBe(true));
  it.each(["27456741", "2745674", "2745674a"])("NIHII %s is invalid", (nihii) => expect(isValidNihii(nihii)).toBe(false));
  it.each(["10000106999", "13406784480"])("RIZIV %s is valid", (riziv) => expect(isValidRiziv(riziv)).toBe(true));
  it.each(["10000107999", "1000010699"])("RIZIV %s is invalid", (riziv) => expect(isValidRiziv(riziv)).toBe(false));
  it.each(["85073003328", "17073003384"])("INSZ %s is valid", (insz) => expect(isValidInsz(insz)).toBe(true));
  it.each(["12345678901", "78102012345"])("INSZ %s is invalid", (insz) => expect(isValidInsz(insz)).toBe(false));
  it("RID shape", () => {
    expect(isValidRid("BEPABZ2D88CD")).toBe(true);
    expect(isValidRid("BEPABZ2D88C")).toBe(false);
    expect(isValidRid("XEPABZ2D88CD")).toBe(false);
  });
  it("legacy barcode mod 97: the DKV test card does not hold its check", () => {
    expect(hasValidBarcodeMod97("07399912319994")).toBe(false);
    const payload = "073999123199";
    const check = String(97 - Number(BigInt(payload) % 97n)).padStart(2, "0");
    expect(hasValidBarcodeMod97(payload + check)).toBe(true);
    expect(hasValidBarcodeMod97("0739991231999")).toBe(false);
  });
});
