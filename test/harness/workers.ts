import { env, exports } from "cloudflare:workers";
import type { JWK } from "jose";
import { d1Database } from "../../src/adapters/storage/d1.js";
import { signTestMemberToken } from "./identity-provider.js";
import type { Harness } from "./types.js";
import { drainOutbox } from "../../src/core/services/outbox.js";

// The loopback binding of the Worker's default export (its own `fetch`, with the real bindings).
const worker = (exports as unknown as { default: { fetch(request: Request): Promise<Response> } }).default;

/** The Worker's own `fetch` inside workerd, with its D1 database and queue bindings. */
export async function getHarness(): Promise<Harness> {
  return {
    runtime: "workers",
    db: d1Database(env.DB),
    adminKey: env.ADMIN_API_KEY as string,
    fetch: (path, init) => worker.fetch(new Request(`http://gateway.test${path}`, init)),
    drainQueue: async () => {
      await drainOutbox(d1Database(env.DB));
    },
    memberToken: (options) => signTestMemberToken(JSON.parse(env.TEST_IDP_PRIVATE_JWK) as JWK, options),
  };
}
