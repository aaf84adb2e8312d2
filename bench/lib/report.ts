import { cpus, freemem, loadavg, platform, release, totalmem } from "node:os";

/** One measured figure, with its ratio to a ceiling and its target where the issue sets one. */
export interface Figure {
  section: string;
  name: string;
  value: number;
  unit: string;
  /** e.g. "62 % of storage ceiling". */
  ratio?: string;
  /** e.g. "≥ 50 % of lowest ceiling"; `met` says whether it held. */
  target?: { text: string; met: boolean };
  note?: string;
}

export function machine(): string {
  const cpu = cpus();
  return [
    `${cpu.length} × ${cpu[0]?.model.trim() ?? "unknown CPU"}`,
    `${Math.round(totalmem() / 2 ** 30)} GiB RAM (${Math.round(freemem() / 2 ** 30)} GiB free at start)`,
    `${platform()} ${release()}`,
    `Node ${process.version}`,
  ].join(", ");
}

const format = (value: number) =>
  value >= 100 ? Math.round(value).toLocaleString("en-US") : value >= 10 ? value.toFixed(1) : value.toFixed(2);

export function percent(part: number, whole: number): string {
  return `${Math.round((part / whole) * 100)} %`;
}

export function printFigure(figure: Figure): void {
  const target = figure.target ? `  [target ${figure.target.text}: ${figure.target.met ? "met" : "MISSED"}]` : "";
  const ratio = figure.ratio ? `  (${figure.ratio})` : "";
  console.log(`${figure.section.padEnd(10)} ${figure.name.padEnd(52)} ${format(figure.value).padStart(10)} ${figure.unit}${ratio}${target}`);
}

/** The 1-minute load average: other work on the machine shares the cores the figures assume. */
export function load(): string {
  return `load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores`;
}

export function markdown(figures: Figure[], startedAt: Date, seconds: number, notes: string[], loadAtStart: string): string {
  const rows = figures.map(
    (f) =>
      `| ${f.section} | ${f.name} | ${format(f.value)} ${f.unit} | ${f.ratio ?? ""} | ${
        f.target ? `${f.target.text}: ${f.target.met ? "met" : "**missed**"}` : ""
      } | ${f.note ?? ""} |`,
  );
  return [
    "# Benchmark results (latest run)",
    "",
    `- Date: ${startedAt.toISOString()}`,
    `- Machine: ${machine()}`,
    `- Run time: ${Math.round(seconds)} s (\`npm run bench\`); ${loadAtStart} at the start, ${load()} at the end`,
    "",
    "| section | figure | value | ratio | target | note |",
    "|---|---|---|---|---|---|",
    ...rows,
    "",
    ...notes.map((note) => `- ${note}`),
    "",
  ].join("\n");
}

/**
 * RESULTS.md is three kinds of text: the latest full run (rewritten by each `npm run bench`), the
 * before/after table of the ingestion ratios (one row appended by every run, full or
 * `BENCH_ONLY=ingest`, so two runs against two checkouts sit side by side), and hand-written
 * sections below (profiles, runs made elsewhere), which a run leaves as they are.
 */
const latestStart = "<!-- latest run: written by npm run bench -->";
const latestEnd = "<!-- end of latest run -->";
const tableStart = "<!-- before/after: one row per run, appended by npm run bench -->";
const tableEnd = "<!-- end of before/after -->";

export const beforeAfterHeader = [
  "| date (UTC) | product (checkout @ commit) | load at start → end | bare route JSON req/s | XML ceiling req/s | XML docs/s (of ceiling) | JSON legacy docs/s (of bare) | JSON signed docs/s (of bare) | p99 at 70 %: XML / JSON legacy / JSON signed, product vs bare (ms) |",
  "|---|---|---|---|---|---|---|---|---|",
];

export function updateResults(existing: string, latest: string | null, row: string | null): string {
  let text = existing;
  if (!text.includes(latestStart)) {
    // The first run in this format: what was generated before becomes the latest section; the rest stays below.
    const split = text.search(/\n## /);
    const generated = split === -1 ? text : text.slice(0, split);
    const rest = split === -1 ? "" : text.slice(split + 1);
    text = [latestStart, generated.trim(), latestEnd, "", "## Ingestion before/after (issue 17)", "", tableStart, ...beforeAfterHeader, tableEnd, "", rest].join("\n");
  }
  if (latest !== null) {
    const from = text.indexOf(latestStart);
    const to = text.indexOf(latestEnd);
    text = `${text.slice(0, from)}${latestStart}\n${latest.trim()}\n${text.slice(to)}`;
  }
  if (row !== null) {
    const at = text.indexOf(tableEnd);
    text = `${text.slice(0, at)}${row}\n${text.slice(at)}`;
  }
  return text.endsWith("\n") ? text : `${text}\n`;
}
