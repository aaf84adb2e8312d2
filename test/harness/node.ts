import { openNodeDeps } from "../../src/adapters/node/deps.js";
import { drainOutbox } from "../../src/adapters/storage/repos/outbox.js";
import { createApp } from "../../src/gateway/app.js";
import { silentLogger } from "../../src/gateway/ports.js";
import { signTestMemberToken, testIdentityProvider } from "./identity-provider.js";
import type { Harness } from "./types.js";

let harness: Promise<Harness> | undefined;

/** The Node app on an in-memory SQLite database, called in-process. One per test file. */
export function getHarness(): Promise<Harness> {
  harness ??= (async () => {
    const adminKey = `ak_node-contract-${crypto.randomUUID()}`;
    const idp = await testIdentityProvider();
    const { deps } = await openNodeDeps({
      filename: ":memory:",
      issuer: "https://pharmagate.test",
      logger: silentLogger,
      adminKey,
      localJwks: { [idp.jwksUrl]: idp.jwks },
    });
    const app = createApp(deps);
    return {
      runtime: "node",
      db: deps.db,
      adminKey,
      fetch: async (path, init) => app.request(path, init),
      drainQueue: async () => {
        await drainOutbox(deps.db);
      },
      memberToken: (options) => signTestMemberToken(idp.privateJwk, options),
      database: deps.db,
    };
  })();
  return harness;
}
