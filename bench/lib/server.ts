import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";

const listening = /listening on http:\/\/[^:\s]+:(\d+)\s/;

export const repoRoot = fileURLToPath(new URL("../..", import.meta.url));

export interface RunningServer {
  url: string;
  child: ChildProcess;
  /** Peak resident set of the child so far (kB, from /proc), for memory figures. */
  peakRssKb(): number;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * The checkout whose gateway the bench measures: this one, or `BENCH_PRODUCT_DIR` (another
 * checkout with its own node_modules, e.g. the commit before a change), so the same harness
 * measures both back to back.
 */
export const productRoot = resolve(process.env.BENCH_PRODUCT_DIR ?? repoRoot);

/**
 * Starts a TypeScript entry as its own process (its own core, as in production) and resolves once
 * it prints `listening`. The load generator stays in this process. `cwd` is where the entry and
 * `tsx` are resolved from (this checkout unless given).
 */
export async function startServer(entry: string, env: Record<string, string>, nodeArgs: string[] = [], cwd: string = repoRoot): Promise<RunningServer> {
  // `node --import tsx` rather than the tsx CLI: one process, so its pid is the server's own (the
  // CLI forks a child, which a `kill -9` of the parent would leave running).
  const child = spawn(process.execPath, ["--import", "tsx", ...nodeArgs, entry], {
    cwd,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const ready = new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      // The whole address, up to the character after the port: a chunk may end mid-number.
      if (listening.test(output)) {
        child.stdout?.off("data", onData);
        // Keep draining stdout (the access log) so the pipe never blocks the server.
        child.stdout?.resume();
        resolve();
      }
      if (output.length > 100_000) output = output.slice(-10_000);
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("exit", (code) => reject(new Error(`${entry} exited (${code}) before listening:\n${output.slice(-2000)}`)));
    setTimeout(() => reject(new Error(`${entry} did not listen within 30 s:\n${output.slice(-2000)}`)), 30_000).unref();
  });
  await ready;
  // PORT=0 lets the OS choose; the entry prints the address it got.
  const port = output.match(listening)?.[1] ?? env.PORT;
  return {
    url: `http://127.0.0.1:${port}`,
    child,
    peakRssKb: () => peakRssOf(child.pid),
    async stop(signal = "SIGTERM") {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(signal);
      await once(child, "exit");
    },
  };
}

/** VmHWM (peak resident set, kB) of a running process; 0 once it has ended. */
export function peakRssOf(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const match = readFileSync(`/proc/${pid}/status`, "utf8").match(/VmHWM:\s+(\d+) kB/);
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}
