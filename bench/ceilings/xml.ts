import { join } from "node:path";
import { productRoot, startServer, type RunningServer } from "../lib/server.js";

/**
 * The XML ceiling: the bare route that also reads the SMC message with the reader of the checkout
 * under test (`BENCH_PRODUCT_DIR` or this one), so the ratio asks what the product adds to its own
 * parser, before and after a change to that parser alike.
 */
export function startXmlCeiling(port: number): Promise<RunningServer> {
  const reader = join(productRoot, "src/bvac/formats/smc-xml-in.ts");
  return startServer("bench/servers/xml-ceiling.ts", { PORT: String(port), SMC_READER: reader });
}
