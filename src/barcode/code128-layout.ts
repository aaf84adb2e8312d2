import * as bwip from "bwip-js/generic";

/**
 * Code 128 drawn from bwip-js's encoding without BWIPP's renderer. BWIPP encodes 14 digits in a
 * fraction of a millisecond (`raw`); laying the bars and the text out (its `renlinear` and text
 * validation, on a PostScript operand stack) and bwip-js's rasteriser were nearly all of a Code 128
 * render. Every 14-digit code has the same layout at a given scale (subset C: 31 bars over 112
 * modules, 14 digits of a monospaced font centred under them), so bwip-js draws one code per scale
 * through a recording drawing context, and each code after that is its bars and its digits put into
 * that layout. The tests compare the result with bwip-js's own image pixel for pixel.
 */

export interface Code128Layout {
  scale: number;
  /** The quiet zones bwip-js adds around its drawing coordinates, in pixels. */
  padLeft: number;
  padTop: number;
  /** The bars' ends as bwip-js's drawing receives them (before its truncation), for the SVG writer. */
  lineY0: number;
  lineY1: number;
  /** Image size in pixels, quiet zones included. */
  width: number;
  height: number;
  /** Pixel x where the first bar's module 0 starts (the left quiet zone); a module is `scale` pixels wide. */
  left: number;
  /** First and last pixel row of the bars. */
  barTop: number;
  barBottom: number;
  /** Text origin of the recorded digits: x of the first glyph cell, y of the baseline, in image pixels. */
  textX: number;
  textY: number;
  /**
   * BWIPP centres the text by its measured width, which depends on the last glyph, and computes
   * the origin in floating point: the x for each measured width met so far (see `code128TextX`).
   */
  textXByWidth: Map<number, number>;
  font: { name: string; width: number; height: number; dx: number };
}

/** One encoded code: the widths of bar, space, bar, … in modules, starting with a bar. */
export type Code128Widths = readonly number[];

// See src/barcode/module-matrix.ts: `raw` and `FontLib` are on the default export of the generic build.
const lib = (bwip as unknown as { default: typeof bwip }).default;

/**
 * bwip-js options for a Code 128 of the 14-digit legacy id: subset C (digit pairs), as the
 * AssurPharma printing advice asks, the digits centred underneath, a white background and the
 * 10-module quiet zone the standard asks for (bwip-js draws none by default).
 */
export function code128BwipOptions(digits: string, scale: number): bwip.RenderOptions {
  if (!/^\d{14}$/.test(digits)) throw new RangeError("code128 carries the 14-digit legacy id only");
  return { text: digits, scale, backgroundcolor: "FFFFFF", bcid: "code128", height: 15, includetext: true, textxalign: "center", paddingwidth: 10, paddingheight: 4 };
}

/** The bar and space widths BWIPP encodes for these 14 digits (subset C). */
export function code128Widths(digits: string): Code128Widths {
  const [symbol] = lib.raw({ ...code128BwipOptions(digits, 1), includetext: false }) as Array<{ sbs: number[] }>;
  if (!symbol) throw new Error("bwip-js returned no code128 encoding");
  return symbol.sbs;
}

const layouts = new Map<number, Code128Layout>();

/** The layout at this scale, recorded from bwip-js drawing one code (the first call per scale only). */
export function code128Layout(scale: number): Code128Layout {
  const known = layouts.get(scale);
  if (known) return known;
  const layout = recordLayout(scale, "00000000000000");
  // Every text width 14 digits can have (it follows the last digit), so no later call draws with bwip-js.
  for (let digit = 1; digit <= 9; digit++) code128TextX(layout, `0000000000000${digit}`);
  layouts.set(scale, layout);
  return layout;
}

/** bwip-js's layout of these digits at this scale, from the calls it makes to a recording drawing context. */
export function recordLayout(scale: number, digits: string): Code128Layout {
  const options = code128BwipOptions(digits, scale);
  let padding = { left: 0, top: 0 };
  let size = { width: 0, height: 0 };
  const lines: Array<{ y0: number; y1: number; x: number; lw: number; rawY0: number; rawY1: number }> = [];
  let text: { x: number; y: number; font: Code128Layout["font"] } | undefined;
  const fontLib = lib.FontLib;
  const measured = new Map<string, number>();
  lib.render(options, {
    setopts(normalised) {
      const padded = normalised as typeof normalised & { paddingleft: number; paddingtop: number; paddingright: number; paddingbottom: number };
      padding = { left: padded.paddingleft, top: padded.paddingtop };
      size = { width: padded.paddingleft + padded.paddingright, height: padded.paddingtop + padded.paddingbottom };
    },
    // bwip-js's own integer scaling and text metrics (drawing-builtin), so the layout is its layout.
    scale: (sx, sy) => [Math.trunc(sx) || 1, Math.trunc(sy) || 1],
    measure(str, font, fwidth, fheight) {
      const fontId = fontLib.lookup(font);
      let width = 0;
      let ascent = 0;
      let descent = 0;
      for (let i = 0; i < str.length; i++) {
        const glyph = fontLib.getglyph(fontId, str.charCodeAt(i), Math.trunc(fwidth), Math.trunc(fheight));
        ascent = Math.max(ascent, glyph.top);
        descent = Math.max(descent, glyph.height - glyph.top);
        width += i === str.length - 1 ? glyph.left + glyph.width : glyph.advance;
      }
      measured.set(str, width);
      return { width, ascent, descent };
    },
    init(width, height) {
      size = { width: size.width + width, height: size.height + height };
    },
    line(x0, y0, _x1, y1, lw) {
      lines.push({ x: Math.trunc(x0), y0: Math.trunc(Math.min(y0, y1)), y1: Math.trunc(Math.max(y0, y1)), lw: Math.round(lw) || 1, rawY0: y0, rawY1: y1 });
    },
    polygon() {},
    hexagon() {},
    ellipse() {},
    fill() {},
    text(x, y, _str, _rgb, font) {
      text = { x: Math.trunc(x) + padding.left, y: Math.trunc(y) + padding.top, font: { name: font.name, width: Math.trunc(font.width), height: Math.trunc(font.height), dx: Math.trunc(font.dx) } };
    },
    end() {},
  });
  const first = lines[0];
  if (!first || !text) throw new Error("bwip-js drew no code128 bars or text");
  // A vertical line of width lw at x covers x − lw + ⌊lw/2⌋ … x + ⌊lw/2⌋ − 1 (drawing-builtin); the first bar starts at module 0.
  const left = padding.left + first.x - first.lw + Math.trunc(first.lw / 2);
  return {
    scale,
    padLeft: padding.left,
    padTop: padding.top,
    lineY0: first.rawY0,
    lineY1: first.rawY1,
    width: size.width,
    height: size.height,
    left,
    barTop: first.y0 + padding.top,
    barBottom: first.y1 + padding.top,
    textX: text.x,
    textY: text.y,
    textXByWidth: new Map([[measured.get(digits) ?? -1, text.x]]),
    font: text.font,
  };
}

/**
 * The pen's first x for these digits: as recorded for their measured width, or recorded now from
 * bwip-js drawing them (at most once per scale and distinct last glyph).
 */
export function code128TextX(layout: Code128Layout, digits: string): number {
  let width = 0;
  for (let i = 0; i < digits.length; i++) {
    const glyph = code128Glyph(layout.font, digits.charCodeAt(i));
    width += i === digits.length - 1 ? glyph.left + glyph.width : glyph.advance;
  }
  let x = layout.textXByWidth.get(width);
  if (x === undefined) layout.textXByWidth.set(width, (x = recordLayout(layout.scale, digits).textX));
  return x;
}

export interface GlyphBitmap {
  /** Pixel offset of the bitmap from the pen position (x) and the baseline (y, downwards). */
  left: number;
  top: number;
  width: number;
  height: number;
  advance: number;
  /** Coverage 0–255, row-major. */
  alpha: Uint8Array;
}

const glyphs = new Map<string, GlyphBitmap>();

/** A glyph of the layout's font as bwip-js rasterises it, cached (ten digits per scale). */
export function code128Glyph(font: Code128Layout["font"], charCode: number): GlyphBitmap {
  const key = `${font.name}|${font.width}|${font.height}|${charCode}`;
  const known = glyphs.get(key);
  if (known) return known;
  const glyph = lib.FontLib.getglyph(lib.FontLib.lookup(font.name), charCode, font.width, font.height);
  const bitmap: GlyphBitmap = {
    left: glyph.left,
    top: -glyph.top,
    width: glyph.width,
    height: glyph.height,
    advance: glyph.advance,
    alpha: glyph.bytes.slice(glyph.offset, glyph.offset + glyph.width * glyph.height),
  };
  glyphs.set(key, bitmap);
  return bitmap;
}
