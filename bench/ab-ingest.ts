import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import type { RequestSpec } from "autocannon";
import type { DemoCredentials } from "../src/adapters/node/demo-seed.js";
import { demo, jsonDocument } from "./lib/documents.js";
import { load, type LoadResult } from "./lib/load.js";

/**
 * Interleaved before/after of JSON ingestion on a shared machine:
 * `tsx bench/ab-ingest.ts [--seconds 5] [--connections 32] [--rounds 2] [--warmup 3] [--rate N]
 * [--env-before K=V,...] [--env-after K=V,...] BEFORE_ROOT AFTER_ROOT`.
 * Each root is a checkout of the gateway with its node_modules (e.g. `git archive <commit> | tar -x`
 * plus a hard-linked node_modules). Both servers run side by side on fresh demo DATA_DIRs; every
 * round loads one then the other (order swapped each round), JSON with the legacy code then with
 * the demo member's signed barcode, so both see the same minute of the machine's other load.
 * `--rate N` adds an open-ended fixed-rate run (autocannon -R) per body for p50/p99 at that rate.
 */
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    seconds: { type: "string", default: "5" },
    connections: { type: "string", default: "32" },
    rounds: { type: "string", default: "2" },
    rate: { type: "string" },
    port: { type: "string", default: "8840" },
    warmup: { type: "string", default: "3" },
    "env-before": { type: "string", default: "" },
    "env-after": { type: "string", default: "" },
  },
});
if (positionals.length !== 2) throw new Error("usage: tsx bench/ab-ingest.ts [options] BEFORE_ROOT AFTER_ROOT");

interface Variant {
  label: string;
  url: string;
  child: ChildProcess;
  dataDir: string;
  apiKey: string;
  signed: string;
}

/** `A=1,B=2` → { A: "1", B: "2" }: settings for one side only (e.g. the same build with a setting off). */
const envOf = (text: string) => Object.fromEntries(text.split(",").filter(Boolean).map((pair) => pair.split("=", 2) as [string, string]));

async function startVariant(label: string, root: string, port: number, extraEnv: Record<string, string>): Promise<Variant> {
  const dataDir = mkdtempSync(join(tmpdir(), "pharmagate-ab-"));
  const child = spawn(process.execPath, ["--import", "tsx", "src/node.ts"], {
    cwd: resolve(root),
    env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", DATA_DIR: dataDir, DEMO: "1", RATE_LIMITS: "off", ...extraEnv },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  await new Promise<void>((done, fail) => {
    child.stdout?.on("data", (chunk: Buffer) => {
      if (output.length < 100_000) output += chunk.toString();
      if (/listening on/.test(output)) done();
    });
    child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("exit", (code) => fail(new Error(`${label} exited (${code}):\n${output.slice(-2000)}`)));
  });
  const url = `http://127.0.0.1:${port}`;
  const credentials = JSON.parse(readFileSync(join(dataDir, "demo-credentials.json"), "utf8")) as DemoCredentials;
  const member = credentials.members.find((entry) => entry.role === "policyholder");
  if (!member) throw new Error("no demo policyholder");
  const answer = await fetch(`${url}/v1/me/barcode`, { headers: { authorization: `Bearer ${member.accessToken}` } });
  const signed = ((await answer.json()) as { text: string }).text;
  return { label, url, child, dataDir, apiKey: credentials.pharmacy.apiKey, signed };
}

function posts(variant: Variant, barcode: string): RequestSpec[] {
  return [
    {
      method: "POST",
      path: "/v1/bvac",
      headers: { "content-type": "application/json", authorization: `Bearer ${variant.apiKey}` },
      setupRequest: (request) => ({ ...request, body: jsonDocument(crypto.randomUUID(), barcode) }),
    },
  ];
}

const seconds = Number(values.seconds);
const connections = Number(values.connections);
const port = Number(values.port);
const variants = [
  await startVariant("before", positionals[0]!, port, envOf(values["env-before"])),
  await startVariant("after", positionals[1]!, port + 1, envOf(values["env-after"])),
];
const rows: string[] = [];
const peaks = new Map<string, number[]>();
const fmt = (result: LoadResult) =>
  `${Math.round(result.okPerSecond)} docs/s, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms${result.non2xx || result.errors ? `, non-2xx ${result.non2xx}, errors ${result.errors}` : ""}`;
try {
  // JIT and caches warm on both servers before anything is counted.
  for (const variant of variants) {
    for (const barcode of [demo.legacyBarcode, variant.signed]) {
      await load({ url: variant.url, connections, durationSeconds: Number(values.warmup), requests: posts(variant, barcode) });
    }
  }
  for (let round = 0; round < Number(values.rounds); round++) {
    const order = round % 2 === 0 ? variants : [...variants].reverse();
    for (const variant of order) {
      for (const [body, barcode] of [["JSON legacy", demo.legacyBarcode], ["JSON signed", variant.signed]] as const) {
        const load1 = loadavg()[0]!.toFixed(1);
        const peak = await load({ url: variant.url, connections, durationSeconds: seconds, requests: posts(variant, barcode) });
        const line = `| ${round + 1} | ${variant.label} | ${body} | ${connections} conn. | ${fmt(peak)} | load ${load1} |`;
        console.log(line);
        rows.push(line);
        peaks.set(`${variant.label} ${body}`, [...(peaks.get(`${variant.label} ${body}`) ?? []), peak.okPerSecond]);
        if (values.rate) {
          const load2 = loadavg()[0]!.toFixed(1);
          const fixed = await load({ url: variant.url, connections, durationSeconds: seconds, overallRate: Number(values.rate), requests: posts(variant, barcode) });
          const rateLine = `| ${round + 1} | ${variant.label} | ${body} | -R ${values.rate} | ${fmt(fixed)} | load ${load2} |`;
          console.log(rateLine);
          rows.push(rateLine);
        }
      }
    }
  }
} finally {
  for (const variant of variants) {
    variant.child.kill("SIGTERM");
    if (variant.child.exitCode === null) await once(variant.child, "exit");
    rmSync(variant.dataDir, { recursive: true, force: true });
  }
}
const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)]!;
const medians = [...peaks].map(([name, list]) => `${name}: median ${Math.round(median(list))} docs/s (${list.map(Math.round).join(", ")})`);
console.log(["", "| round | build | body | load | result | load average |", "|---|---|---|---|---|---|", ...rows, "", ...medians].join("\n"));
