import { env, exports } from "cloudflare:workers";
import type { JWK } from "jose";
import { signTestMemberToken } from "./identity-provider.js";
import type { Harness } from "./types.js";
import { drainOutbox } from "../../src/core/services/outbox.js";
import { workerDatabases } from "../../src/adapters/workers/deps.js";
import { limitedEnv } from "./workers-limits.js";

// The loopback binding of the Worker's default export (workers-main.ts: its bindings behind the limits layer).
const worker = (exports as unknown as { default: { fetch(request: Request): Promise<Response> } }).default;

/**
 * The Worker's own `fetch` inside workerd (test/harness/workers-main.ts: src/worker.ts behind the
 * limits layer), and the same limited D1 databases (the shared one and every `DB_INSURER_<prefix>`
 * of vitest.workers.config.ts) for arranging and inspecting state.
 */
export async function getHarness(): Promise<Harness> {
  const databases = workerDatabases(limitedEnv(env));
  return {
    runtime: "workers",
    db: databases.shared,
    databases,
    dbFor: (insurer) => databases.databaseFor(insurer),
    adminKey: env.ADMIN_API_KEY as string,
    fetch: (path, init) => worker.fetch(new Request(`http://gateway.test${path}`, init)),
    drainQueue: async () => {
      for (const db of databases.all()) await drainOutbox(db);
    },
    memberToken: (options) => signTestMemberToken(JSON.parse(env.TEST_IDP_PRIVATE_JWK) as JWK, options),
  };
}
