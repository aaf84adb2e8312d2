import { fileURLToPath } from "node:url";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";

export const workersTestAdminKey = "ak_workers-contract-suite-bootstrap-key";

export default defineConfig(async () => {
  const migrations = await readD1Migrations(fileURLToPath(new URL("./migrations", import.meta.url)));
  return {
    plugins: [
      cloudflareTest({
        wrangler: { configPath: "./wrangler.toml" },
        miniflare: {
          bindings: { TEST_MIGRATIONS: migrations, ADMIN_API_KEY: workersTestAdminKey, LOG_LEVEL: "silent" },
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
