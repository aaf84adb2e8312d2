import * as bwip from "bwip-js/generic";
import { code128Glyph, code128TextX, type Code128Layout, type Code128Widths } from "./code128-layout.js";
import { LruCache } from "./lru.js";

// See src/barcode/module-matrix.ts: `FontLib` is on the default export of the generic build.
const { FontLib } = (bwip as unknown as { default: typeof bwip }).default;

/** Glyph outlines as SVG path text, by scale, character and pen position (bounded: see `code128Svg`). */
const outlines = new LruCache<string, string>(4096);

/** A coordinate as bwip-js's SVG drawing writes it: an integer as is, otherwise two decimals. */
const coordinate = (value: number) => (Math.trunc(value) === value ? String(value) : value.toFixed(2));

/**
 * A Code 128 as SVG in bwip-js's layout, written as bwip-js's SVG drawing writes it (bars as
 * stroked vertical lines grouped by width, the digits as filled OCR-B outlines), with width and
 * height: the same text `sizedBwipSvg` gave for the same code, without BWIPP's renderer (tested
 * byte for byte against it).
 */
export function code128Svg(layout: Code128Layout, widths: Code128Widths, digits: string): string {
  const { scale, padLeft, padTop } = layout;
  const at = (x: number, y: number) => `${coordinate(x + padLeft)} ${coordinate(y + padTop)}`;
  // BWIPP's bar is a line through the middle of its modules (a half pixel rounded up), `width × scale` wide.
  const groups = new Map<number, string>();
  let module = 0;
  for (let index = 0; index < widths.length; index++) {
    const width = widths[index]!;
    if (index % 2 === 0) {
      const lw = width * scale;
      let x = Math.round((module + width / 2) * scale);
      if (lw & 1) x += scale & 1 ? -0.5 : 0.5;
      const y0 = Math.trunc(layout.lineY0) + 1;
      const y1 = Math.trunc(layout.lineY1);
      groups.set(lw, `${groups.get(lw) ?? ""}M${at(x, y0)}L${at(x, y1)}`);
    }
    module += width;
  }
  let bars = "";
  for (const [lw, path] of groups) bars += `<path stroke="#000000" stroke-width="${lw}" d="${path}" />\n`;
  const fontId = FontLib.lookup(layout.font.name);
  let x = code128TextX(layout, digits) - padLeft;
  const y = layout.textY - padTop;
  let glyphs = "";
  for (let index = 0; index < digits.length; index++) {
    const charCode = digits.charCodeAt(index);
    // A digit lands on one of a few pen positions per scale: its outline text is written once for each.
    const key = `${scale}|${charCode}|${x}|${y}`;
    let outlineText = outlines.get(key);
    if (outlineText === undefined) {
      outlineText = "";
      const outline = FontLib.getpaths(fontId, charCode, layout.font.width, layout.font.height);
      for (const segment of outline) {
        if (segment.type === "M" || segment.type === "L") outlineText += segment.type + at(segment.x + x, y - segment.y);
        else if (segment.type === "Q") outlineText += `Q${at(segment.cx + x, y - segment.cy)} ${at(segment.x + x, y - segment.y)}`;
        else outlineText += `C${at(segment.cx1 + x, y - segment.cy1)} ${at(segment.cx2 + x, y - segment.cy2)} ${at(segment.x + x, y - segment.y)}`;
      }
      if (outline.length) outlineText += "Z";
      outlines.set(key, outlineText);
    }
    glyphs += outlineText;
    x += code128Glyph(layout.font, charCode).advance + layout.font.dx;
  }
  const { width, height } = layout;
  return (
    `<svg width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" xmlns="http://www.w3.org/2000/svg">\n` +
    `<rect width="100%" height="100%" fill="#FFFFFF" />\n${bars}<path d="${glyphs}" fill="#000000" />\n</svg>\n`
  );
}
