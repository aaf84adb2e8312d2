import { exportCeiling, exportCeilingFigures } from "./ceilings/export.js";
import { load, printFigure } from "./lib/report.js";

/**
 * `tsx bench/export-ceiling.ts`: what this machine can do for an export without the product
 * (ceilings/export.ts `exportCeiling`, the function `npm run bench` calls too). BENCH_QUICK=1
 * for 10 000 documents; BENCH_PORT sets the port (default 8797).
 */
console.log(load());
const ceiling = await exportCeiling(Number(process.env.BENCH_PORT ?? 8797), process.env.BENCH_QUICK === "1");
for (const figure of exportCeilingFigures(ceiling)) printFigure(figure);
console.log(load());
