import * as bwip from "bwip-js/generic";
import { create as createQr } from "qrcode/lib/core/qrcode.js";
import { datamatrixAsciiCodewords } from "./datamatrix-ascii.js";
import { datamatrixSymbol, fitsEcc200 } from "./datamatrix-ecc200.js";
import { LruCache } from "./lru.js";

/** The symbol's modules, row-major, `true` = dark; no quiet zone. */
export interface ModuleMatrix {
  readonly width: number;
  readonly height: number;
  readonly dark: readonly boolean[];
}

interface RawMatrix {
  pixs: number[];
  pixx: number;
  pixy: number;
}

// bwip-js 4.11 declares `raw` as a named export of its generic build but ships it on the default
// export only (a named import is undefined at run time), hence the narrow cast.
const { raw } = (bwip as unknown as { default: { raw(options: bwip.RawOptions): unknown } }).default;

const matrices = new LruCache<string, ModuleMatrix>(256);

/**
 * QR from the `qrcode` package's encoder: BWIPP's QR encoder took ~20 ms per token, this one ~3
 * (see docs/barcode.md). One byte-mode segment (UTF-8), since a token is base64url text that mixed
 * modes would barely shorten and the mode search costs as much as the encoding; error correction
 * M, as BWIPP's default was (15 % of the symbol may be lost: glare on a phone screen).
 */
function qrMatrix(text: string): ModuleMatrix {
  const { modules } = createQr([{ data: new TextEncoder().encode(text), mode: "byte" }], { errorCorrectionLevel: "M" });
  return { width: modules.size, height: modules.size, dark: Array.from(modules.data, (module) => module !== 0) };
}

/**
 * DataMatrix: our ASCII codewords and ECC 200 symbol (datamatrix-ecc200.ts) for ASCII text that
 * fits it, which every token does; BWIPP (bwip-js's encoder) for anything else.
 */
function datamatrixMatrix(text: string): ModuleMatrix {
  const codewords = datamatrixAsciiCodewords(text);
  if (codewords !== undefined && fitsEcc200(codewords.length)) return datamatrixSymbol(codewords);
  const symbol = (raw({ bcid: "datamatrix", text }) as RawMatrix[])[0];
  if (!symbol || symbol.pixs.length !== symbol.pixx * symbol.pixy) throw new Error("bwip-js returned no datamatrix matrix");
  return { width: symbol.pixx, height: symbol.pixy, dark: symbol.pixs.map((pixel) => pixel === 1) };
}

/**
 * The encoded 2D symbol, without any library's drawing layer: bwip-js's tracing of modules into
 * polygons cost more than encoding (see docs/barcode.md). Cached by symbology + text, so another
 * scale or format of the same code does not encode again.
 */
export function moduleMatrix(symbology: "qrcode" | "datamatrix", text: string): ModuleMatrix {
  const key = `${symbology}|${text}`;
  const cached = matrices.get(key);
  if (cached) return cached;
  const matrix = symbology === "qrcode" ? qrMatrix(text) : datamatrixMatrix(text);
  matrices.set(key, matrix);
  return matrix;
}
