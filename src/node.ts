import { serve } from "@hono/node-server";
import { seedDemo } from "./adapters/node/demo-seed.js";
import { readNodeConfig } from "./adapters/node/config.js";
import { openConfiguredNodeDeps } from "./adapters/node/deps.js";
import { createApp } from "./gateway/app.js";
import { consoleLogger } from "./gateway/ports.js";

const config = readNodeConfig();
const { deps, close } = await openConfiguredNodeDeps(config, consoleLogger);

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
