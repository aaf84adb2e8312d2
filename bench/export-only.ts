import { exportSection } from "./product/export.js";
import { load, printFigure } from "./lib/report.js";

/**
 * `tsx bench/export-only.ts`: the export section of `npm run bench` alone (lease + stream + ack of
 * 100 000 documents as NDJSON and BvacList XML), for profiling work on the export path without the
 * ten-minute full run. BENCH_QUICK=1 drains 10 000; BENCH_PORT sets the port (default 8796).
 */
console.log(load());
const notes: string[] = [];
for (const figure of await exportSection(Number(process.env.BENCH_PORT ?? 8796), process.env.BENCH_QUICK === "1", notes)) {
  printFigure(figure);
  if (figure.note) console.log(`           ${figure.note}`);
}
for (const note of notes) console.log(`note: ${note}`);
