import * as bwip from "bwip-js/generic";
import { datamatrixAsciiCodewords } from "./datamatrix-ascii.js";
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
// export only (a named import is undefined at run time), hence the narrow cast; `raw: true`
// (codewords given as `^NNN`) is a BWIPP DataMatrix option its types leave out.
const { raw } = (bwip as unknown as { default: { raw(options: bwip.RawOptions & { raw?: boolean }): unknown } }).default;

const matrices = new LruCache<string, ModuleMatrix>(256);

/**
 * The encoded 2D symbol from BWIPP (bwip-js's encoder), without bwip-js's drawing layer: tracing
 * every module into polygons cost more than the encoding itself (see docs/barcode.md). Cached by
 * symbology + text, so another scale or format of the same code does not encode again.
 */
export function moduleMatrix(symbology: "qrcode" | "datamatrix", text: string): ModuleMatrix {
  const key = `${symbology}|${text}`;
  const cached = matrices.get(key);
  if (cached) return cached;
  const codewords = symbology === "datamatrix" ? datamatrixAsciiCodewords(text) : undefined;
  const symbols = (codewords === undefined ? raw({ bcid: symbology, text }) : raw({ bcid: symbology, text: codewords, raw: true })) as RawMatrix[];
  const symbol = symbols[0];
  if (!symbol || symbol.pixs.length !== symbol.pixx * symbol.pixy) throw new Error(`bwip-js returned no ${symbology} matrix`);
  const matrix = { width: symbol.pixx, height: symbol.pixy, dark: symbol.pixs.map((pixel) => pixel === 1) };
  matrices.set(key, matrix);
  return matrix;
}
