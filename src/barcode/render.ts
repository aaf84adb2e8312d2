import { toSVG, type RenderOptions } from "bwip-js/generic";
import { LruCache } from "./lru.js";
import { moduleMatrix } from "./module-matrix.js";
import { moduleSvg } from "./module-svg.js";
import { code128BwipOptions, code128Layout, code128Widths } from "./code128-layout.js";
import { code128Svg } from "./code128-svg.js";

export type Symbology = "qrcode" | "datamatrix" | "code128";
export const symbologies = ["qrcode", "datamatrix", "code128"] as const satisfies readonly Symbology[];

export interface RenderRequest {
  symbology: Symbology;
  /** QR/DataMatrix: the signed text (`AP1:…`). Code 128: the legacy 14 digits. */
  text: string;
  /** Pixels per bwip-js point (1–10); a 2D module is 2 points, a 1D bar unit 1 point. */
  scale: number;
}

/** The symbologies bwip-js still encodes; QR is the `qrcode` package's (src/barcode/module-matrix.ts). */
export type BwipSymbology = Exclude<Symbology, "qrcode">;
export type BwipRequest = RenderRequest & { readonly symbology: BwipSymbology };

/**
 * bwip-js options for one request. Always a white background (a transparent PNG reads as nothing
 * to most decoders) and the quiet zone each standard asks for, since bwip-js draws none by default:
 * DataMatrix 1 module (we give 2), Code 128 10 bar units. bwip-js pads in points; a 2D module is 2
 * points. They are the bwip-js-drawn references our writers must match (DataMatrix in size, Code
 * 128 byte for byte and pixel for pixel; tested) and the bench compares against; Code 128 is laid
 * out with its options (src/barcode/code128-layout.ts).
 */
export function bwipOptions(request: BwipRequest): RenderOptions {
  const common = { text: request.text, scale: request.scale, backgroundcolor: "FFFFFF" };
  switch (request.symbology) {
    case "datamatrix":
      return { ...common, bcid: "datamatrix", paddingwidth: 4, paddingheight: 4 };
    case "code128":
      return code128BwipOptions(request.text, request.scale);
  }
}

/** Pixels per module of a 2D symbol: bwip-js's 2 points per module, as before the custom writer. */
export const modulePx = (scale: number) => 2 * scale;

/** Light margin each side, in modules (ISO/IEC 18004 asks 4 for QR, ISO/IEC 16022 1 for DataMatrix). */
export const quietModules = { qrcode: 4, datamatrix: 2 } as const;

const svgCache = new LruCache<string, string>(256);

/** The request as a cache key: identical requests get the identical image without re-encoding. */
export const renderCacheKey = (format: string, request: RenderRequest) =>
  `${format}|${request.symbology}|${request.scale}|${request.text}`;

/** bwip-js's SVG with width and height added (it writes only a viewBox), so an `<img>` shows it at its rendered size. */
export function sizedBwipSvg(options: RenderOptions): string {
  return toSVG(options).replace(
    /^<svg viewBox="0 0 (\d+) (\d+)"/,
    (_match, width: string, height: string) => `<svg width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"`,
  );
}

/**
 * SVG on every runtime. QR and DataMatrix: `qrcode` / our ECC 200 encode, our writer draws the
 * module runs (bwip-js's drawing layer was most of the cost). Code 128: bwip-js's encoding and
 * layout, written as bwip-js's SVG drawing writes it (src/barcode/code128-svg.ts).
 */
export function renderSvg(request: RenderRequest): string {
  const key = renderCacheKey("svg", request);
  const cached = svgCache.get(key);
  if (cached !== undefined) return cached;
  const { symbology } = request;
  const svg =
    symbology === "code128"
      ? code128Svg(code128Layout(request.scale), code128Widths(request.text), request.text)
      : moduleSvg(moduleMatrix(symbology, request.text), modulePx(request.scale), quietModules[symbology]);
  svgCache.set(key, svg);
  return svg;
}
