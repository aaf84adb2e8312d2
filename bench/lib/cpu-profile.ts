import { readFileSync } from "node:fs";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

export interface SelfTime {
  name: string;
  /** Share of the busy samples (idle, GC and "(program)" are left out of the busy total). */
  share: number;
}

/**
 * The functions with the most self time in a V8 `.cpuprofile` (`node --cpu-prof`), by share of
 * the samples the process was busy: what RESULTS.md lists as "top self-time functions".
 */
export function topSelfTime(file: string, count = 8): { busyShare: number; top: SelfTime[] } {
  const profile = JSON.parse(readFileSync(file, "utf8")) as { nodes: ProfileNode[] };
  const byName = new Map<string, number>();
  let total = 0;
  let idle = 0;
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0;
    total += hits;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === "(idle)") {
      idle += hits;
      continue;
    }
    const where = url ? `${url.replace(/^file:\/\/.*?\/(node_modules|src)\//, "$1/").replace(/^node:/, "node:")}:${lineNumber + 1}` : "";
    const name = `${functionName || "(anonymous)"}${where ? ` ${where}` : ""}`;
    byName.set(name, (byName.get(name) ?? 0) + hits);
  }
  const busy = total - idle;
  const top = [...byName.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, hits]) => ({ name, share: hits / Math.max(busy, 1) }));
  return { busyShare: busy / Math.max(total, 1), top };
}
