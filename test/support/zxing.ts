import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { prepareZXingModule, readBarcodes, type ReadResult } from "zxing-wasm/reader";

let prepared: Promise<unknown> | undefined;

/**
 * zxing-wasm (ZXing C++ compiled to wasm), an independent decoder. Its .wasm is loaded from
 * node_modules: by default it would be fetched from a CDN, which these machines cannot reach.
 */
export async function decodeImage(image: Uint8Array<ArrayBuffer>, formats: Array<"QRCode" | "DataMatrix" | "Code128">): Promise<ReadResult[]> {
  prepared ??= (async () => {
    const wasmPath = createRequire(import.meta.url).resolve("zxing-wasm/reader/zxing_reader.wasm");
    const wasmBinary = readFileSync(wasmPath);
    return prepareZXingModule({ overrides: { wasmBinary: wasmBinary.buffer.slice(wasmBinary.byteOffset, wasmBinary.byteOffset + wasmBinary.byteLength) }, fireImmediately: true });
  })();
  await prepared;
  return readBarcodes(new Blob([image]), { formats, tryHarder: false, maxNumberOfSymbols: 1 });
}
