import autocannon, { type RequestSpec } from "autocannon";

export interface LoadResult {
  /** Successful (2xx) responses per second over the run. */
  okPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
  statuses: Record<string, number>;
  /** 2xx responses in all. */
  ok: number;
}

export interface LoadOptions {
  url: string;
  connections: number;
  durationSeconds?: number;
  /** A fixed number of requests instead of a duration. */
  amount?: number;
  /** Fixed offered rate (requests/s over all connections); absent = as fast as possible. */
  overallRate?: number;
  requests: RequestSpec[];
}

/** One autocannon run. Throughput counts only 2xx, so a server answering errors fast scores nothing. */
export async function load(options: LoadOptions): Promise<LoadResult> {
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    ...(options.amount ? { amount: options.amount } : { duration: options.durationSeconds }),
    requests: options.requests,
    ...(options.overallRate ? { overallRate: options.overallRate } : {}),
  });
  const statuses = Object.fromEntries(Object.entries(result.statusCodeStats).map(([status, { count }]) => [status, Number(count)]));
  return {
    okPerSecond: result["2xx"] / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    statuses,
    ok: result["2xx"],
  };
}

export interface PeakRun extends LoadResult {
  connections: number;
}

/**
 * The best 2xx rate over a few concurrencies (one autocannon run each): a server's peak, whatever
 * concurrency suits it. Every run is kept, for the notes.
 */
export async function peak(options: Omit<LoadOptions, "connections" | "overallRate">, concurrencies: number[]): Promise<{ best: PeakRun; runs: PeakRun[] }> {
  const runs: PeakRun[] = [];
  for (const connections of concurrencies) runs.push({ connections, ...(await load({ ...options, connections })) });
  const best = runs.reduce((top, run) => (run.okPerSecond > top.okPerSecond ? run : top));
  return { best, runs };
}
