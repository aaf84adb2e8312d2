import { code128Glyph, code128TextX, type Code128Layout, type Code128Widths } from "../../barcode/code128-layout.js";
import { pngImage } from "./module-png.js";

/**
 * A Code 128 as an 8-bit greyscale PNG in bwip-js's layout (src/barcode/code128-layout.ts): white,
 * the bars black, the digits underneath with bwip-js's anti-aliased glyphs blended onto white as
 * its rasteriser does. Written directly: bars are whole pixel columns and the glyphs are cached.
 */
export function code128Png(layout: Code128Layout, widths: Code128Widths, digits: string): Uint8Array<ArrayBuffer> {
  const { width, height } = layout;
  const stride = 1 + width; // filter byte (0 = none) + one byte per pixel
  const raw = new Uint8Array(stride * height).fill(0xff);
  for (let y = 0; y < height; y++) raw[y * stride] = 0;
  // The bars in the first bar row, then copied down.
  const top = layout.barTop * stride;
  let x = layout.left;
  for (let index = 0; index < widths.length; index++) {
    const span = widths[index]! * layout.scale;
    if (index % 2 === 0) raw.fill(0, top + 1 + x, top + 1 + x + span);
    x += span;
  }
  for (let y = layout.barTop + 1; y <= layout.barBottom; y++) raw.copyWithin(y * stride, top, top + stride);
  let pen = code128TextX(layout, digits);
  for (let index = 0; index < digits.length; index++) {
    const glyph = code128Glyph(layout.font, digits.charCodeAt(index));
    for (let row = 0; row < glyph.height; row++) {
      const y = layout.textY + glyph.top + row;
      if (y < 0 || y >= height) continue;
      for (let column = 0; column < glyph.width; column++) {
        const alpha = glyph.alpha[row * glyph.width + column]!;
        const px = pen + glyph.left + column;
        if (alpha === 0 || px < 0 || px >= width) continue;
        // Black at `alpha` over what is there (white or an earlier glyph's edge), rounded as bwip-js does.
        const offset = y * stride + 1 + px;
        raw[offset] = Math.trunc(raw[offset]! * (1 - alpha / 255));
      }
    }
    pen += glyph.advance + layout.font.dx;
  }
  return pngImage(width, height, 8, raw);
}
