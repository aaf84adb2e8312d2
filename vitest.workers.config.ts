import { fileURLToPath } from "node:url";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";
import { generateSigningKey } from "./src/barcode/key-ring.js";
import { testIdentityProvider } from "./test/harness/identity-provider.js";

export const workersTestAdminKey = "ak_workers-contract-suite-bootstrap-key";

export default defineConfig(async () => {
  const migrations = await readD1Migrations(fileURLToPath(new URL("./migrations", import.meta.url)));
  // Fresh keys per run, handed to the Worker as its secrets would be.
  const signingKeys = [await generateSigningKey(new Date())];
  const identityProvider = await testIdentityProvider();
  return {
    plugins: [
      cloudflareTest({
        wrangler: { configPath: "./wrangler.toml" },
        // src/worker.ts behind the limits layer: the Worker under test sees Cloudflare's limits.
        main: "./test/harness/workers-main.ts",
        miniflare: {
          bindings: {
            TEST_MIGRATIONS: migrations,
            ADMIN_API_KEY: workersTestAdminKey,
            LOG_LEVEL: "silent",
            SIGNING_KEYS: JSON.stringify(signingKeys),
            IDENTITY_JWKS: JSON.stringify({ [identityProvider.jwksUrl]: identityProvider.jwks }),
            TEST_IDP_PRIVATE_JWK: JSON.stringify(identityProvider.privateJwk),
          },
          // Two per-insurer databases (docs/scale.md): the contract suite's random insurer codes
          // (7000–9998, test/contract/helpers.ts) starting with 7 or 8 live in their own database,
          // the others in DB, so every contract test runs across three databases.
          d1Databases: ["DB", "DB_INSURER_7", "DB_INSURER_8"],
          // A small Rate Limiting binding for test/workers/rate-limit-binding.test.ts (wrangler.toml's are generous).
          ratelimits: { RATE_LIMIT_TEST: { simple: { limit: 3, period: 60 } } },
        },
      }),
    ],
    resolve: {
      alias: { "#harness": fileURLToPath(new URL("./test/harness/workers.ts", import.meta.url)) },
    },
    test: {
      name: "workers",
      include: ["test/contract/**/*.test.ts", "test/workers/**/*.test.ts"],
      setupFiles: ["./test/harness/workers-setup.ts"],
      testTimeout: 20_000,
    },
  };
});
