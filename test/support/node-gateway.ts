import { openNodeDeps, type NodeDepsOptions } from "../../src/adapters/node/deps.js";
import { createApp } from "../../src/gateway/app.js";
import type { AppDeps } from "../../src/core/deps.js";
import { signTestMemberToken, testIdentityProvider } from "../harness/identity-provider.js";
import type { Harness } from "../harness/types.js";
import { silentLogger } from "../../src/adapters/console-logger.js";
import { drainOutbox } from "../../src/core/services/outbox.js";

/**
 * A Node gateway built for one test file with options the shared harness does not offer (a file
 * database, a movable clock, a failing queue), called in-process like the contract harness.
 */
export async function nodeGateway(
  options: Partial<NodeDepsOptions> = {},
  adjust: (deps: AppDeps) => AppDeps = (deps) => deps,
): Promise<{ harness: Harness; deps: AppDeps; close(): Promise<void> }> {
  const adminKey = `ak_node-${crypto.randomUUID()}`;
  const idp = await testIdentityProvider();
  const opened = await openNodeDeps({
    filename: ":memory:",
    issuer: "https://pharmagate.test",
    logger: silentLogger,
    adminKey,
    localJwks: { [idp.jwksUrl]: idp.jwks },
    ...options,
  });
  const deps = adjust(opened.deps);
  const app = createApp(deps);
  const harness: Harness = {
    runtime: "node",
    adminKey,
    fetch: async (path, init) => app.request(path, init),
    drainQueue: async () => {
      for (const db of deps.databases.all()) await drainOutbox(db);
    },
    // Member tokens are issued on the gateway's clock, so a test that moves the clock keeps them valid.
    memberToken: (tokenOptions) => signTestMemberToken(idp.privateJwk, { now: deps.clock.now(), ...tokenOptions }),
    db: deps.db,
    databases: deps.databases,
    dbFor: (insurer) => deps.databases.databaseFor(insurer),
  };
  return { harness, deps, close: opened.close };
}
