import { Agent, request as httpRequest } from "node:http";
import type { LoadResult } from "./load.js";

export interface OpenLoopOptions {
  url: string;
  ratePerSecond: number;
  durationSeconds: number;
  /** One request's method, headers and body; called for every request (fresh ids). */
  request: () => { method: string; headers: Record<string, string>; body: string };
}

/**
 * node:http with a bounded keep-alive pool: light enough that the client, not the server, is
 * not what limits the rate (fetch opened a new connection per overlapping request and fell behind).
 */
function send(agent: Agent, url: URL, init: ReturnType<OpenLoopOptions["request"]>): Promise<number> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(url, { method: init.method, headers: init.headers, agent }, (response) => {
      response.resume();
      response.on("end", () => resolve(response.statusCode ?? 0));
      response.on("error", reject);
    });
    outgoing.on("error", reject);
    outgoing.end(init.body);
  });
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0;

/**
 * An open-loop load at a fixed rate, for latency: requests leave on a fixed schedule whether or
 * not earlier ones have answered, and each latency is counted from its scheduled start, so a
 * server that stalls is charged for the requests that queued behind the stall (no coordinated
 * omission). autocannon's `overallRate` spaces requests per connection in whole ticks, which
 * releases them in bursts and charges the burst's queueing to the server.
 */
export async function openLoop(options: OpenLoopOptions): Promise<LoadResult> {
  const intervalMs = 1000 / options.ratePerSecond;
  const total = Math.round(options.ratePerSecond * options.durationSeconds);
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let errors = 0;
  const started = performance.now();
  const inFlight: Array<Promise<void>> = [];
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const url = new URL(options.url);
  for (let i = 0; i < total; i++) {
    const scheduled = started + i * intervalMs;
    const wait = scheduled - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    inFlight.push(
      (async () => {
        try {
          const status = await send(agent, url, options.request());
          statuses[status] = (statuses[status] ?? 0) + 1;
          latencies.push(performance.now() - scheduled);
        } catch {
          errors++;
        }
      })(),
    );
  }
  await Promise.all(inFlight);
  agent.destroy();
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const ok = Object.entries(statuses).filter(([status]) => status.startsWith("2")).reduce((sum, [, count]) => sum + count, 0);
  return {
    okPerSecond: ok / seconds,
    p50Ms: Math.round(percentile(latencies, 50) * 10) / 10,
    p99Ms: Math.round(percentile(latencies, 99) * 10) / 10,
    non2xx: total - ok - errors,
    errors,
    statuses,
    ok,
  };
}
