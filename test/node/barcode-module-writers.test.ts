import { inflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { modulePng } from "../../src/adapters/node/module-png.js";
import { moduleMatrix, type ModuleMatrix } from "../../src/barcode/module-matrix.js";
import { moduleSvg } from "../../src/barcode/module-svg.js";

const text = "AP1:eyJhbGciOiJFZERTQSIsImtpZCI6Inl1Z2R5VUtIIn0.eyJzdWIiOiI2MDAwOTkxMjMxOTk5NCJ9.c2lnbmF0dXJl";

/** Reads the SVG's run rectangles back into a grid of dark pixels. */
function svgPixels(svg: string): { width: number; height: number; dark: Set<string> } {
  const [, width, height] = svg.match(/^<svg width="(\d+)" height="(\d+)"/)!.map(Number) as [number, number, number];
  const dark = new Set<string>();
  for (const [, x, y, w, h] of svg.matchAll(/M(\d+) (\d+)h(\d+)v(\d+)h-\d+z/g)) {
    for (let dy = 0; dy < Number(h); dy++) for (let dx = 0; dx < Number(w); dx++) dark.add(`${Number(x) + dx},${Number(y) + dy}`);
  }
  return { width, height, dark };
}

/** Decodes our 1-bit greyscale PNG (no filters) into a grid of dark pixels. */
function pngPixels(png: Uint8Array): { width: number; height: number; dark: Set<string> } {
  const bytes = Buffer.from(png);
  expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const width = bytes.readUInt32BE(16);
  const height = bytes.readUInt32BE(20);
  expect([...bytes.subarray(24, 29)]).toEqual([1, 0, 0, 0, 0]);
  const idatLength = bytes.readUInt32BE(33);
  expect(bytes.toString("latin1", 37, 41)).toBe("IDAT");
  const raw = inflateSync(bytes.subarray(41, 41 + idatLength));
  const stride = 1 + Math.ceil(width / 8);
  const dark = new Set<string>();
  for (let y = 0; y < height; y++) {
    expect(raw[y * stride]).toBe(0);
    for (let x = 0; x < width; x++) if (!(raw[y * stride + 1 + (x >> 3)]! & (0x80 >> (x & 7)))) dark.add(`${x},${y}`);
  }
  return { width, height, dark };
}

/** What the image must show: every dark module as a modulePx square, offset by the quiet zone. */
function expectedPixels(matrix: ModuleMatrix, modulePx: number, quiet: number): Set<string> {
  const dark = new Set<string>();
  for (let row = 0; row < matrix.height; row++) {
    for (let column = 0; column < matrix.width; column++) {
      if (!matrix.dark[row * matrix.width + column]) continue;
      for (let dy = 0; dy < modulePx; dy++) {
        for (let dx = 0; dx < modulePx; dx++) dark.add(`${(column + quiet) * modulePx + dx},${(row + quiet) * modulePx + dy}`);
      }
    }
  }
  return dark;
}

describe("our SVG and PNG writers draw exactly the encoder's module matrix", () => {
  for (const symbology of ["qrcode", "datamatrix"] as const) {
    it(`${symbology}: every dark module and nothing else, with the quiet zone around`, () => {
      const matrix = moduleMatrix(symbology, text);
      expect(matrix.dark.some(Boolean) && matrix.dark.some((dark) => !dark)).toBe(true);
      for (const [modulePx, quiet] of [[2, 4], [6, 2], [5, 3]] as const) {
        const side = [(matrix.width + 2 * quiet) * modulePx, (matrix.height + 2 * quiet) * modulePx];
        const expected = [...expectedPixels(matrix, modulePx, quiet)].sort();
        for (const image of [svgPixels(moduleSvg(matrix, modulePx, quiet)), pngPixels(modulePng(matrix, modulePx, quiet))]) {
          expect([image.width, image.height]).toEqual(side);
          expect([...image.dark].sort()).toEqual(expected);
        }
      }
    });
  }

  it("the SVG is one white background and one dark path", () => {
    const svg = moduleSvg(moduleMatrix("qrcode", text), 2, 4);
    expect(svg).toContain('<rect width="100%" height="100%" fill="#FFFFFF" />');
    expect(svg.match(/<path /g)).toHaveLength(1);
  });

  it("encodes a text once per symbology, whatever the scale or format", () => {
    expect(moduleMatrix("qrcode", text)).toBe(moduleMatrix("qrcode", text));
    expect(moduleMatrix("datamatrix", text)).not.toBe(moduleMatrix("qrcode", text));
  });
});
