import * as bwip from "bwip-js/generic";
import { describe, expect, it } from "vitest";
import { datamatrixAsciiCodewords } from "../../src/barcode/datamatrix-ascii.js";
import { datamatrixSymbol, fitsEcc200 } from "../../src/barcode/datamatrix-ecc200.js";

// See src/barcode/module-matrix.ts: `raw` is only on the default export of bwip-js's generic build.
const { raw } = (bwip as unknown as { default: { raw(options: bwip.RawOptions & { raw?: boolean }): unknown } }).default;

/** BWIPP's symbol for the same codewords (its `raw` input), the reference our encoder must equal. */
function bwippSymbol(codewords: readonly number[]) {
  const [symbol] = raw({ bcid: "datamatrix", text: codewords.map((codeword) => `^${String(codeword).padStart(3, "0")}`).join(""), raw: true }) as Array<{
    pixs: number[];
    pixx: number;
    pixy: number;
  }>;
  return { width: symbol!.pixx, height: symbol!.pixy, dark: symbol!.pixs.map((pixel) => pixel === 1) };
}

// Deterministic text: a base64url-like alphabet with digits (packed in pairs) and separators.
const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.:";
const textOf = (length: number, seed: number) => Array.from({ length }, (_, i) => alphabet[(i * 7 + seed * 13 + ((i * i) % 11)) % alphabet.length]).join("");

describe("DataMatrix ECC 200 encoder", () => {
  it("draws every module as BWIPP does, for every square size it writes (one region to 6×6, one block to 8)", () => {
    const sizes = new Set<number>();
    // Lengths that reach each symbol size, including exactly full ones (no padding) and nearly empty ones.
    for (const length of [1, 3, 5, 8, 12, 18, 22, 30, 36, 44, 62, 86, 114, 144, 174, 204, 280, 286, 368, 456, 576, 696, 816, 1050, 1304]) {
      for (const seed of [1, 2]) {
        const codewords = datamatrixAsciiCodewords(textOf(length, seed))!;
        const ours = datamatrixSymbol(codewords);
        const reference = bwippSymbol(codewords);
        expect([ours.width, ours.height], `length ${length}`).toEqual([reference.width, reference.height]);
        const differing = ours.dark.flatMap((dark, index) => (dark === reference.dark[index] ? [] : [index]));
        expect(differing, `length ${length}, seed ${seed}: modules that differ`).toEqual([]);
        sizes.add(ours.width);
      }
    }
    expect([...sizes].sort((a, b) => a - b)).toEqual([10, 12, 14, 16, 18, 20, 22, 24, 26, 32, 36, 40, 44, 48, 52, 64, 72, 80, 88, 96, 104, 120, 132]);
  });

  it("leaves what the 132×132 symbol cannot hold to BWIPP", () => {
    expect(fitsEcc200(1304)).toBe(true);
    expect(fitsEcc200(1305)).toBe(false);
    expect(() => datamatrixSymbol(new Array<number>(1305).fill(66))).toThrow(RangeError);
  });
});
