import { env, exports } from "cloudflare:workers";
import type { JWK } from "jose";
import { d1Database } from "../../src/adapters/storage/d1.js";
import { signTestMemberToken } from "./identity-provider.js";
import type { Harness } from "./types.js";
import { drainOutbox } from "../../src/core/services/outbox.js";
import { limitD1 } from "./workers-limits.js";

// The loopback binding of the Worker's default export (workers-main.ts: its bindings behind the limits layer).
const worker = (exports as unknown as { default: { fetch(request: Request): Promise<Response> } }).default;

/**
 * The Worker's own `fetch` inside workerd (test/harness/workers-main.ts: src/worker.ts behind the
 * limits layer), and the same limited D1 database for arranging and inspecting state.
 */
export async function getHarness(): Promise<Harness> {
  const db = d1Database(limitD1(env.DB));
  return {
    runtime: "workers",
    db,
    adminKey: env.ADMIN_API_KEY as string,
    fetch: (path, init) => worker.fetch(new Request(`http://gateway.test${path}`, init)),
    drainQueue: async () => {
      await drainOutbox(db);
    },
    memberToken: (options) => signTestMemberToken(JSON.parse(env.TEST_IDP_PRIVATE_JWK) as JWK, options),
  };
}
