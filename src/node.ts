import { serve } from "@hono/node-server";
import { consoleLogger } from "./adapters/console-logger.js";
import { applyDemoMode } from "./adapters/node/demo-seed.js";
import { openConfiguredNodeDeps } from "./adapters/node/deps.js";
import { startPurgeTimer } from "./adapters/node/purge-timer.js";
import { readSettings } from "./core/config.js";
import { createApp } from "./gateway/app.js";

const settings = readSettings(process.env, "node");
const { deps, close } = await openConfiguredNodeDeps(settings, consoleLogger);
await applyDemoMode(deps, settings, `http://${settings.host}:${settings.port}`);

const purge = startPurgeTimer(deps, settings.purgeIntervalSeconds);

const server = serve({ fetch: createApp(deps).fetch, port: settings.port, hostname: settings.host }, (info) => {
  console.log(`pharmagate listening on http://${info.address}:${info.port} (data: ${settings.dataDir})`);
});

const shutdown = () => {
  server.close(() => void purge.stop().then(close).then(() => process.exit(0)));
};
process.once("SIGTERM", shutdown);
process.once("SIGINT", shutdown);
