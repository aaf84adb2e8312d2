import type { D1Migration } from "@cloudflare/vitest-pool-workers";
import type { WorkerEnv } from "../../src/worker.js";

declare global {
  namespace Cloudflare {
    interface Env extends WorkerEnv {
      TEST_MIGRATIONS: D1Migration[];
      /** The test identity provider's private JWK (JSON), to mint member tokens. */
      TEST_IDP_PRIVATE_JWK: string;
      /** A Rate Limiting binding of 3 requests a minute. */
      RATE_LIMIT_TEST: import("@cloudflare/workers-types").RateLimit;
      RATE_LIMIT_PHARMACY?: import("@cloudflare/workers-types").RateLimit;
    }
  }
}
