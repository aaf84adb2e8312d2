import { describe, expect, it } from "vitest";
import { datamatrixAsciiCodewords } from "../../src/barcode/datamatrix-ascii.js";

describe("DataMatrix ASCII encodation", () => {
  it("writes a character as its code + 1 and a digit pair as 130 + its value", () => {
    // A=65→066, P=80→081, "12"→142, "3" alone→052, .=46→047, "09"→139
    expect(datamatrixAsciiCodewords("AP123.09")).toEqual([66, 81, 142, 52, 47, 139]);
    expect(datamatrixAsciiCodewords("00")).toEqual([130]);
    expect(datamatrixAsciiCodewords("99")).toEqual([229]);
  });

  it("leaves text outside ASCII to BWIPP's own encoder", () => {
    expect(datamatrixAsciiCodewords("AP1:é")).toBeUndefined();
  });
});
