import { describe, expect, it } from "vitest";
import { LruCache } from "../../src/barcode/lru.js";
import { toSVG } from "bwip-js/generic";
import { bwipOptions, renderSvg } from "../../src/barcode/render.js";

const size = (svg: string) => svg.match(/^<svg width="(\d+)" height="(\d+)"/)?.slice(1).map(Number);

/** The x of the leftmost dark shape: where the quiet zone ends. */
const firstDarkX = (svg: string) => Math.min(...[...svg.matchAll(/M(\d+(?:\.\d+)?) /g)].map((match) => Number(match[1])));

describe("barcode rendering (SVG, both runtimes)", () => {
  it("encodes the 14 digits in Code 128 subset C: 112 modules plus a 10-module quiet zone each side", () => {
    // Start C (11) + 7 digit pairs (77) + check (11) + stop (13) = 112; subset B would need 189.
    expect(size(renderSvg({ symbology: "code128", text: "60009912319994", scale: 1 }))?.[0]).toBe(132);
    expect(size(renderSvg({ symbology: "code128", text: "60009912319994", scale: 3 }))?.[0]).toBe(396);
  });

  it("prints the digits under the Code 128 bars", () => {
    const svg = renderSvg({ symbology: "code128", text: "60009912319994", scale: 2 });
    const ys = (d: string) => [...d.matchAll(/[MLQ][\d.]+ ([\d.]+)/g)].map((match) => Number(match[1]));
    // Bars are stroked vertical lines; bwip-js draws the human-readable text as filled glyph outlines (with curves).
    const bars = [...svg.matchAll(/<path stroke="[^"]+" stroke-width="[^"]+" d="([^"]+)"/g)].flatMap((match) => ys(match[1]!));
    const glyphs = [...svg.matchAll(/<path d="([^"]*Q[^"]*)"/g)].flatMap((match) => ys(match[1]!));
    expect(bars.length).toBeGreaterThan(0);
    expect(glyphs.length).toBeGreaterThan(0);
    expect(Math.min(...glyphs)).toBeGreaterThan(Math.max(...bars));
  });

  it("keeps the QR quiet zone at 4 modules and DataMatrix at 2, on a white background", () => {
    const qr = renderSvg({ symbology: "qrcode", text: "AP1:x", scale: 1 });
    // Version 1 QR: 21 modules of 2 px, plus 4 modules (8 px) each side.
    expect(size(qr)).toEqual([58, 58]);
    expect(firstDarkX(qr)).toBeGreaterThanOrEqual(8);
    const dm = renderSvg({ symbology: "datamatrix", text: "AP1:x", scale: 1 });
    expect(size(dm)).toEqual([32, 32]);
    expect(firstDarkX(dm)).toBeGreaterThanOrEqual(4);
    for (const svg of [qr, dm]) expect(svg).toContain('<rect width="100%" height="100%" fill="#FFFFFF" />');
  });

  it("draws DataMatrix at the size bwip-js itself would, at every scale", () => {
    const text = "AP1:eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiI2MDAwOTkxMjMxOTk5NCJ9.c2ln";
    for (const scale of [1, 3, 7]) {
      const reference = toSVG(bwipOptions({ symbology: "datamatrix", text, scale })).match(/^<svg viewBox="0 0 (\d+) (\d+)"/)?.slice(1).map(Number);
      expect(size(renderSvg({ symbology: "datamatrix", text, scale })), `scale ${scale}`).toEqual(reference);
    }
  });

  it("sizes QR as one byte-mode segment at error-correction level M (ISO/IEC 18004 table 7)", () => {
    // Byte capacity at M: version 11 holds 251 bytes, version 12 287 (a real token is ~286).
    // Level L would fit 251 bytes in version 10; a text needing more than byte mode would grow.
    const base64url = (length: number) => "AP1:" + "eyJhbGciOiJFZERTQSJ9_-".repeat(20).slice(0, length - 4);
    const modules = (length: number) => (size(renderSvg({ symbology: "qrcode", text: base64url(length), scale: 1 }))![0]! / 2) - 8;
    expect(modules(251)).toBe(61);
    expect(modules(252)).toBe(65);
    expect(modules(287)).toBe(65);
    expect(modules(288)).toBe(69);
    // UTF-8: "é" is two bytes, so 250 characters with one "é" are 251 bytes (version 11), 251 are 252.
    const accented = (length: number) => `AP1:é${"x".repeat(length - 5)}`;
    expect(size(renderSvg({ symbology: "qrcode", text: accented(250), scale: 1 }))![0]).toBe((61 + 8) * 2);
    expect(size(renderSvg({ symbology: "qrcode", text: accented(251), scale: 1 }))![0]).toBe((65 + 8) * 2);
  });

  it("refuses anything but 14 digits in Code 128", () => {
    expect(() => renderSvg({ symbology: "code128", text: "AP1:x", scale: 1 })).toThrow(RangeError);
  });
});

describe("LruCache", () => {
  it("evicts the least recently used entry", () => {
    const cache = new LruCache<string, number>(2);
    cache.set("a", 1);
    cache.set("b", 2);
    expect(cache.get("a")).toBe(1);
    cache.set("c", 3);
    expect(cache.get("b")).toBeUndefined();
    expect(cache.get("a")).toBe(1);
    expect(cache.get("c")).toBe(3);
    expect(cache.size).toBe(2);
    expect(() => new LruCache(0)).toThrow(RangeError);
  });
});
