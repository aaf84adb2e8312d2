import { crc32, deflateSync } from "node:zlib";
import type { ModuleMatrix } from "../../barcode/module-matrix.js";

const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, "latin1");
  out.set(data, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/**
 * A 2D symbol as a 1-bit greyscale PNG (0 = black, 1 = white), each module `modulePx` pixels
 * square, `quietModules` of white each side. Written directly: two colours at an integer scale
 * need no canvas, and one row of modules repeated `modulePx` times deflates to almost nothing.
 */
export function modulePng(matrix: ModuleMatrix, modulePx: number, quietModules: number): Uint8Array<ArrayBuffer> {
  const width = (matrix.width + 2 * quietModules) * modulePx;
  const height = (matrix.height + 2 * quietModules) * modulePx;
  const stride = 1 + Math.ceil(width / 8); // filter byte (0 = none) + packed pixels
  const raw = new Uint8Array(stride * height).fill(0xff);
  for (let y = 0; y < height; y++) raw[y * stride] = 0;
  for (let row = 0; row < matrix.height; row++) {
    const first = (row + quietModules) * modulePx;
    for (let column = 0; column < matrix.width; column++) {
      if (!matrix.dark[row * matrix.width + column]) continue;
      const left = (column + quietModules) * modulePx;
      for (let x = left; x < left + modulePx; x++) raw[first * stride + 1 + (x >> 3)]! &= ~(0x80 >> (x & 7));
    }
    // The other pixel rows of this module row are copies of the first.
    for (let y = first + 1; y < first + modulePx; y++) raw.copyWithin(y * stride, first * stride, (first + 1) * stride);
  }
  return pngImage(width, height, 1, raw);
}

/**
 * A greyscale PNG from its filtered scanlines (`raw`: each row a filter byte, then the pixels at
 * `bitDepth` bits), deflated by node:zlib at level 1: rows of a barcode repeat, so the fastest
 * level already finds nearly all there is (a Code 128 of ~70 kB of pixels: ~0.7 kB at level 1,
 * ~0.5 kB at the default level 6 for four times the time, which was most of a render).
 */
export function pngImage(width: number, height: number, bitDepth: 1 | 8, raw: Uint8Array): Uint8Array<ArrayBuffer> {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([bitDepth, 0, 0, 0, 0], 8); // bit depth, greyscale, deflate, adaptive filtering, no interlace
  const png = Buffer.concat([Buffer.from(signature), chunk("IHDR", header), chunk("IDAT", deflateSync(raw, { level: 1 })), chunk("IEND", new Uint8Array(0))]);
  return new Uint8Array(png.buffer.slice(png.byteOffset, png.byteOffset + png.byteLength));
}
