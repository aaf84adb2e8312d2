import { defineConfig } from "vitest/config";

// One `npm test` for both runtimes: the Node project and the workerd project.
export default defineConfig({
  test: {
    projects: ["./vitest.node.config.ts", "./vitest.workers.config.ts"],
  },
});
