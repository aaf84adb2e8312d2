import bwipjs from "bwip-js/node";
import { inflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { renderPngNode } from "../../src/adapters/node/png-renderer.js";
import { bwipOptions, renderSvg, sizedBwipSvg } from "../../src/barcode/render.js";

/**
 * Code 128 is drawn from bwip-js's encoding in bwip-js's layout by our own writers
 * (src/barcode/code128-layout.ts): they must give what bwip-js itself draws for the same code.
 */

/** Grey level of every pixel of a PNG (8-bit greyscale or RGBA, any filter): the red channel of RGBA. */
function greyPixels(png: Uint8Array): { width: number; height: number; grey: Uint8Array } {
  const bytes = Buffer.from(png);
  let offset = 8;
  let width = 0;
  let height = 0;
  let channels = 1;
  const idat: Buffer[] = [];
  while (offset < bytes.length) {
    const length = bytes.readUInt32BE(offset);
    const type = bytes.toString("latin1", offset + 4, offset + 8);
    const data = bytes.subarray(offset + 8, offset + 8 + length);
    if (type === "IHDR") {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      expect(data[8], "bit depth").toBe(8);
      channels = data[9] === 6 ? 4 : data[9] === 0 ? 1 : Number.NaN;
    }
    if (type === "IDAT") idat.push(data);
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const rowBytes = width * channels;
  const previous = new Uint8Array(rowBytes);
  const current = new Uint8Array(rowBytes);
  const grey = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (rowBytes + 1)]!;
    expect(filter, "PNG row filter").toBeLessThanOrEqual(4);
    for (let i = 0; i < rowBytes; i++) {
      const value = raw[y * (rowBytes + 1) + 1 + i]!;
      const left = i >= channels ? current[i - channels]! : 0;
      const up = previous[i]!;
      const upLeft = i >= channels ? previous[i - channels]! : 0;
      let predictor = 0;
      if (filter === 1) predictor = left;
      else if (filter === 2) predictor = up;
      else if (filter === 3) predictor = (left + up) >> 1;
      else if (filter === 4) {
        const estimate = left + up - upLeft;
        const toLeft = Math.abs(estimate - left);
        const toUp = Math.abs(estimate - up);
        predictor = toLeft <= toUp && toLeft <= Math.abs(estimate - upLeft) ? left : toUp <= Math.abs(estimate - upLeft) ? up : upLeft;
      }
      current[i] = (value + predictor) & 0xff;
    }
    for (let x = 0; x < width; x++) grey[y * width + x] = current[x * channels]!;
    previous.set(current);
  }
  return { width, height, grey };
}

// Every last digit (the text's measured width, hence its centring, follows it) and digit pairs of all kinds.
const codes = ["60009912319994", ...Array.from({ length: 10 }, (_, digit) => `${String(7_314_502_968_113 * (digit + 3)).slice(0, 13).padStart(13, "0")}${digit}`)];

describe("Code 128 writers", () => {
  it("write the SVG bwip-js writes, byte for byte, at every scale", () => {
    for (const scale of [1, 2, 3, 7]) {
      for (const text of codes) {
        expect(renderSvg({ symbology: "code128", text, scale }), `${text} scale ${scale}`).toBe(sizedBwipSvg(bwipOptions({ symbology: "code128", text, scale })));
      }
    }
  });

  it("draw the PNG bwip-js draws, pixel for pixel (grey level), at every scale", async () => {
    for (const scale of [1, 3, 7]) {
      for (const text of codes) {
        const ours = greyPixels(await renderPngNode({ symbology: "code128", text, scale }));
        const reference = greyPixels(await bwipjs.toBuffer(bwipOptions({ symbology: "code128", text, scale })));
        expect([ours.width, ours.height], `${text} scale ${scale}`).toEqual([reference.width, reference.height]);
        const differing = ours.grey.reduce((count, grey, index) => count + (grey === reference.grey[index] ? 0 : 1), 0);
        expect(differing, `${text} scale ${scale}: pixels that differ`).toBe(0);
      }
    }
  });
});
