import { exportCeiling, exportCeilingFigures } from "./ceilings/export.js";
import { exportSection } from "./product/export.js";
import { load, printFigure } from "./lib/report.js";

/**
 * `tsx bench/export-only.ts`: the export section of `npm run bench` alone (lease + stream + ack of
 * 100 000 documents as NDJSON and BvacList XML), for profiling work on the export path without the
 * ten-minute full run, after the bare export ceiling (ceilings/export.ts) in the same run, so the
 * NDJSON row carries its ratio to it. BENCH_QUICK=1 drains 10 000; BENCH_PORT sets the port
 * (default 8796; the ceiling's server takes the next one).
 */
console.log(load());
const notes: string[] = [];
const port = Number(process.env.BENCH_PORT ?? 8796);
const quick = process.env.BENCH_QUICK === "1";
const ceiling = await exportCeiling(port + 1, quick);
for (const figure of [...exportCeilingFigures(ceiling), ...(await exportSection(port, quick, notes, ceiling))]) {
  printFigure(figure);
  if (figure.note) console.log(`           ${figure.note}`);
}
for (const note of notes) console.log(`note: ${note}`);
