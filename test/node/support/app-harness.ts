import type { Clock } from "../../../src/core/ports.js";
import type { Harness } from "../../harness/types.js";
import { nodeGateway } from "../../support/node-gateway.js";
import { type RateLimits } from "../../../src/core/config.js";

export interface AppHarnessOptions {
  rateLimits?: RateLimits;
  clock?: Clock;
}

/** A private Node app with the contract harness's shape, for tests that vary the clock or the rate limits. */
export async function appHarness(options: AppHarnessOptions = {}): Promise<Harness & { close(): Promise<void> }> {
  const { harness, close } = await nodeGateway({
    ...(options.rateLimits ? { rateLimits: options.rateLimits } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
  });
  return { ...harness, close };
}

/** A clock the test moves by hand. */
export function manualClock(start = new Date()) {
  let now = start.getTime();
  const clock: Clock = { now: () => new Date(now) };
  return { clock, set: (at: Date) => (now = at.getTime()), advance: (ms: number) => (now += ms) };
}
