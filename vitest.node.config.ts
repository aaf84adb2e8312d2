import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: { "#harness": fileURLToPath(new URL("./test/harness/node.ts", import.meta.url)) },
  },
  test: {
    name: "node",
    include: ["test/unit/**/*.test.ts", "test/contract/**/*.test.ts", "test/node/**/*.test.ts", "packages/*/test/**/*.test.ts"],
    testTimeout: 20_000,
  },
});
