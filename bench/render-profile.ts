/**
 * Barcode rendering cost per symbology and format, cold (a text never rendered before): the figure
 * issue 6 targets (≤ 5 ms cold). Each row times the renderer the routes call ("now") against
 * bwip-js drawing the whole image itself ("bwip-js draw", the first renderer) and, for QR, against
 * BWIPP's QR matrix through our writers ("BWIPP matrix", the renderer before the `qrcode` package),
 * alternating them on the same fresh texts so machine load hits all alike; medians, not means. The
 * encoder rows below compare the QR encoders alone (BWIPP, `qrcode` in byte mode as used, `qrcode`
 * with its automatic segmentation) and BWIPP's DataMatrix encodation search with our ASCII
 * codewords. Run: `npx tsx bench/render-profile.ts [count] [scale]`; for a profile,
 * `node --cpu-prof --import tsx bench/render-profile.ts`. Not part of `npm test`.
 */
import * as bwip from "bwip-js/generic";
import bwipNode from "bwip-js/node";
import QR from "qrcode";
import { modulePng } from "../src/adapters/node/module-png.js";
import { renderPngNode } from "../src/adapters/node/png-renderer.js";
import { datamatrixAsciiCodewords } from "../src/barcode/datamatrix-ascii.js";
import { datamatrixSymbol } from "../src/barcode/datamatrix-ecc200.js";
import type { ModuleMatrix } from "../src/barcode/module-matrix.js";
import { moduleSvg } from "../src/barcode/module-svg.js";
import { bwipOptions, modulePx, quietModules, renderSvg, symbologies, type RenderRequest, type Symbology } from "../src/barcode/render.js";

const count = Number(process.argv[2] ?? 200);
const scale = Number(process.argv[3] ?? 3);
const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
// See src/barcode/module-matrix.ts: `raw` is only on the default export of bwip-js's generic build.
const { raw } = (bwip as unknown as { default: { raw(options: bwip.RawOptions & { raw?: boolean }): unknown } }).default;

/** A fresh text of the real shape: a 286-character `AP1:` compact JWS, or 14 digits for Code 128. */
function freshText(symbology: Symbology): string {
  if (symbology === "code128") return String(Math.floor(Math.random() * 1e14)).padStart(14, "0");
  const part = (length: number) => Array.from({ length }, () => alphabet[Math.floor(Math.random() * 64)]).join("");
  return `AP1:${part(36)}.${part(112)}.${part(132)}`;
}

/** bwip-js's own drawing of a request: QR with BWIPP's defaults (level M) and a 4-module quiet zone. */
function referenceOptions(request: RenderRequest): bwip.RenderOptions {
  const { symbology } = request;
  if (symbology !== "qrcode") return bwipOptions({ ...request, symbology });
  return { text: request.text, scale: request.scale, backgroundcolor: "FFFFFF", bcid: "qrcode", paddingwidth: 8, paddingheight: 8 };
}

/** BWIPP's QR matrix (what src/barcode/module-matrix.ts used before the `qrcode` package). */
function bwippQrMatrix(text: string): ModuleMatrix {
  const [symbol] = raw({ bcid: "qrcode", text }) as Array<{ pixs: number[]; pixx: number; pixy: number }>;
  return { width: symbol!.pixx, height: symbol!.pixy, dark: symbol!.pixs.map((pixel) => pixel === 1) };
}

type Render = (request: RenderRequest) => unknown;

const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Median ms per call of each renderer, called in turn on the same fresh texts after a warm-up. */
async function race(symbology: Symbology, renders: Render[]): Promise<number[]> {
  const times = renders.map((): number[] => []);
  for (let i = 0; i < count + 5; i++) {
    const text = freshText(symbology);
    for (const [index, render] of renders.entries()) {
      const started = performance.now();
      await render({ symbology, text, scale });
      if (i >= 5) times[index]!.push(performance.now() - started);
    }
  }
  return times.map(median);
}

const cell = (value: number | undefined) => (value === undefined ? "-" : value.toFixed(2)).padStart(14);
const row = (label: string, ms: Array<number | undefined>) => console.log(`${label.padEnd(40)}${ms.map(cell).join("")}`);

console.log(`cold render, median of ${count} fresh texts, scale ${scale}`);
console.log(`${"".padEnd(40)}${"bwip-js draw".padStart(14)}${"BWIPP matrix".padStart(14)}${"now".padStart(14)}`);
for (const symbology of symbologies) {
  const qr = symbology === "qrcode";
  const svg = await race(symbology, [
    (request) => bwip.toSVG(referenceOptions(request)),
    ...(qr ? [(request: RenderRequest) => moduleSvg(bwippQrMatrix(request.text), modulePx(request.scale), quietModules.qrcode)] : []),
    renderSvg,
  ]);
  const png = await race(symbology, [
    (request) => bwipNode.toBuffer(referenceOptions(request)),
    ...(qr ? [(request: RenderRequest) => modulePng(bwippQrMatrix(request.text), modulePx(request.scale), quietModules.qrcode)] : []),
    renderPngNode,
  ]);
  row(`${symbology} SVG`, qr ? svg : [svg[0], undefined, svg[1]]);
  row(`${symbology} PNG`, qr ? png : [png[0], undefined, png[1]]);
}

console.log("\nQR encoder alone (level M)");
const qrMs = await race("qrcode", [
  (request) => raw({ bcid: "qrcode", text: request.text }),
  (request) => QR.create([{ data: new TextEncoder().encode(request.text), mode: "byte" }], { errorCorrectionLevel: "M" }),
  (request) => QR.create(request.text, { errorCorrectionLevel: "M" }),
]);
row("BWIPP (bwip-js raw, before)", [qrMs[0]]);
row("qrcode, one byte segment (now)", [qrMs[1]]);
row("qrcode, automatic segmentation", [qrMs[2]]);

console.log("\nDataMatrix encoder alone");
const dmMs = await race("datamatrix", [
  (request) => raw({ bcid: "datamatrix", text: request.text }),
  (request) => raw({ bcid: "datamatrix", text: datamatrixAsciiCodewords(request.text)!.map((codeword) => `^${String(codeword).padStart(3, "0")}`).join(""), raw: true }),
  (request) => datamatrixSymbol(datamatrixAsciiCodewords(request.text)!),
]);
row("BWIPP encodation search", [dmMs[0]]);
row("our ASCII codewords (BWIPP raw, before)", [dmMs[1]]);
row("our ASCII codewords + our ECC 200 (now)", [dmMs[2]]);
