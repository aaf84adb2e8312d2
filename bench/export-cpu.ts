import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { load } from "./lib/report.js";
import { startProduct, type ProductServer } from "./lib/product.js";

/**
 * `tsx bench/export-cpu.ts [ndjson|xml] [documents] [checkout…]`: the server's CPU time per
 * exported document (user + system, from /proc), split by phase of the lease → body → ack cycle
 * and by thread (the request thread; the others, mostly the SQLite writer), for one drain of
 * `documents` (default 100 000) seeded documents in leases of 1000. Unlike docs/s, CPU per document
 * barely moves when other work shares the machine, so it compares checkouts on a busy box: several
 * are measured in turn, A, B, A, B, each seeded with its own bench/lib/seed.ts (its own schema).
 * BENCH_PORT sets the first port (default 8880).
 */
const format = process.argv[2] === "xml" ? "xml" : "ndjson";
const documents = Number(process.argv[3] ?? 100_000);
const checkouts = (process.argv.length > 4 ? process.argv.slice(4) : ["."]).map((dir) => resolve(dir));
const rounds = checkouts.length > 1 ? 2 : 1;
const port = Number(process.env.BENCH_PORT ?? 8880);
const ticksPerSecond = 100;
const phases = ["lease", "body", "ack"] as const;
type Phase = (typeof phases)[number];

/** user + system clock ticks of a thread (/proc/…/stat fields 14 and 15). */
const ticks = (path: string) => {
  const fields = readFileSync(path, "utf8").replace(/^.*\) /s, "").split(" ");
  return Number(fields[11]) + Number(fields[12]);
};
/** [request thread, all others] ticks of the server process. */
function processTicks(pid: number): [number, number] {
  let request = 0;
  let others = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    const value = ticks(`/proc/${pid}/task/${tid}/stat`);
    if (tid === String(pid)) request += value;
    else others += value;
  }
  return [request, others];
}

async function drain(server: ProductServer) {
  const auth = { authorization: `Bearer ${server.credentials.insurer.apiKey}` };
  const pid = server.child.pid!;
  const cpu = Object.fromEntries(phases.map((phase) => [phase, [0, 0]])) as Record<Phase, [number, number]>;
  const wall = Object.fromEntries(phases.map((phase) => [phase, 0])) as Record<Phase, number>;
  let exported = 0;
  let before = processTicks(pid);
  let mark = performance.now();
  const account = (phase: Phase) => {
    const now = processTicks(pid);
    cpu[phase][0] += now[0] - before[0];
    cpu[phase][1] += now[1] - before[1];
    wall[phase] += performance.now() - mark;
    before = now;
    mark = performance.now();
  };
  for (;;) {
    const response = await fetch(`${server.url}/v1/exports`, {
      method: "POST",
      headers: { ...auth, accept: format === "xml" ? "application/xml" : "application/x-ndjson", "content-type": "application/json" },
      body: JSON.stringify({ limit: 1000 }),
    });
    if (response.status === 204) break;
    if (response.status !== 200) throw new Error(`lease answered ${response.status}`);
    account("lease");
    const body = await response.text();
    account("body");
    exported += Number(response.headers.get("x-batch-count"));
    const ack = await fetch(`${server.url}/v1/exports/${response.headers.get("x-batch-id")}/ack`, { method: "POST", headers: auth });
    if (ack.status !== 200) throw new Error(`ack answered ${ack.status}`);
    await ack.arrayBuffer();
    account("ack");
    if (body.length === 0) throw new Error("empty body");
  }
  return { exported, cpu, wall };
}

console.log(load());
const perDoc = (count: number, docs: number) => (count / ticksPerSecond / docs) * 1e6;
const totals = checkouts.map(() => [] as number[]);
for (let round = 0; round < rounds; round++) {
  for (const [index, dir] of checkouts.entries()) {
    const { seedQueuedDocuments } = (await import(join(dir, "bench/lib/seed.ts"))) as { seedQueuedDocuments: (file: string, count: number) => void };
    let server = await startProduct(port + index, {}, [], undefined, dir);
    try {
      await server.stop();
      seedQueuedDocuments(join(server.dataDir, "pharmagate.sqlite"), documents);
      server = await server.restart();
      const { exported, cpu, wall } = await drain(server);
      const line = phases
        .map((phase) => `${phase} ${perDoc(cpu[phase][0], exported).toFixed(1)} + ${perDoc(cpu[phase][1], exported).toFixed(1)} µs (${(wall[phase] / 1000).toFixed(1)} s)`)
        .join(", ");
      const total = phases.reduce((sum, phase) => sum + perDoc(cpu[phase][0] + cpu[phase][1], exported), 0);
      totals[index]!.push(total);
      console.log(`${dir} ${format}: ${exported} docs, CPU ${total.toFixed(1)} µs/doc; request thread + others per phase: ${line}`);
    } finally {
      await server.dispose();
    }
  }
}
if (rounds > 1) for (const [index, dir] of checkouts.entries()) console.log(`${dir}: CPU ${totals[index]!.map((value) => value.toFixed(1)).join(", ")} µs/doc`);
