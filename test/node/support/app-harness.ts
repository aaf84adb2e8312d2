import { openNodeDeps } from "../../../src/adapters/node/deps.js";
import { drainOutbox } from "../../../src/adapters/storage/repos/outbox.js";
import { createApp } from "../../../src/gateway/app.js";
import type { RateLimits } from "../../../src/gateway/middleware/rate-limit.js";
import { silentLogger, type Clock } from "../../../src/gateway/ports.js";
import { signTestMemberToken, testIdentityProvider } from "../../harness/identity-provider.js";
import type { Harness } from "../../harness/types.js";

export interface AppHarnessOptions {
  rateLimits?: RateLimits;
  clock?: Clock;
}

/**
 * A private Node app (in-memory SQLite) with the contract harness's shape, for Node-only tests
 * that need what the shared harness cannot vary: the clock, the rate limits.
 */
export async function appHarness(options: AppHarnessOptions = {}): Promise<Harness & { close(): Promise<void> }> {
  const adminKey = `ak_node-only-${crypto.randomUUID()}`;
  const idp = await testIdentityProvider();
  const { deps, close } = await openNodeDeps({
    filename: ":memory:",
    issuer: "https://pharmagate.test",
    logger: silentLogger,
    adminKey,
    localJwks: { [idp.jwksUrl]: idp.jwks },
    ...(options.rateLimits ? { rateLimits: options.rateLimits } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const app = createApp(deps);
  return {
    runtime: "node",
    adminKey,
    db: deps.db,
    database: deps.db,
    fetch: async (path, init) => app.request(path, init),
    drainQueue: async () => void (await drainOutbox(deps.db)),
    memberToken: (tokenOptions) => signTestMemberToken(idp.privateJwk, { ...(options.clock ? { now: options.clock.now() } : {}), ...tokenOptions }),
    close,
  };
}

/** A clock the test moves by hand. */
export function manualClock(start = new Date()) {
  let now = start.getTime();
  const clock: Clock = { now: () => new Date(now) };
  return { clock, set: (at: Date) => (now = at.getTime()), advance: (ms: number) => (now += ms) };
}
