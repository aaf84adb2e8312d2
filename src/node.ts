import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { serve } from "@hono/node-server";
import { seedDemo } from "./adapters/node/demo-seed.js";
import { readNodeConfig } from "./adapters/node/config.js";
import { openNodeDeps } from "./adapters/node/deps.js";
import { createApp } from "./gateway/app.js";
import { consoleLogger } from "./gateway/ports.js";

const config = readNodeConfig();
mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });

const { deps, close } = await openNodeDeps({
  filename: join(config.dataDir, "pharmagate.sqlite"),
  issuer: config.issuer,
  logger: consoleLogger,
  adminKey: config.adminKey,
  rateLimits: config.rateLimits,
  groupCommit: config.groupCommit,
  dataDir: config.dataDir,
  demo: config.demo,
  exportLeaseSeconds: config.exportLeaseSeconds,
});

const firstStart = (await deps.db.first("SELECT 1 FROM api_keys LIMIT 1")) === null;
if (config.demo && firstStart) {
  const path = await seedDemo(deps, config.dataDir, `http://${config.host}:${config.port}`);
  console.log(`Demo tenant created. Credentials: ${path}`);
}

const server = serve({ fetch: createApp(deps).fetch, port: config.port, hostname: config.host }, (info) => {
  console.log(`pharmagate listening on http://${info.address}:${info.port} (data: ${config.dataDir})`);
});

const shutdown = () => {
  server.close(() => void close().then(() => process.exit(0)));
};
process.once("SIGTERM", shutdown);
process.once("SIGINT", shutdown);
