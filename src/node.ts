import { resolve } from "node:path";
import { applyDemoMode } from "./adapters/node/demo-seed.js";
import { startNodeServer } from "./adapters/node/http-server.js";
import { openConfiguredNodeDeps } from "./adapters/node/deps.js";
import { pinoLogger } from "./adapters/node/pino-logger.js";
import { startPurgeTimer } from "./adapters/node/purge-timer.js";
import { readSettings } from "./core/config.js";
import { createApp } from "./gateway/app.js";

const settings = readSettings(process.env, "node");
const logger = pinoLogger(settings.logLevel);
// A crash still leaves its buffered log lines (and the reason) on disk before the process ends.
const crash = (error: unknown) => {
  logger.error("process.crashed", { error: error instanceof Error ? `${error.name}: ${error.message}` : String(error), stack: error instanceof Error ? error.stack : undefined });
  logger.flush();
  process.exit(1);
};
process.on("uncaughtException", crash);
process.on("unhandledRejection", crash);
const { deps, close } = await openConfiguredNodeDeps(settings, logger);
await applyDemoMode(deps, settings, `http://${settings.host}:${settings.port}`);

// Demo mode also runs the demo OpenID provider under /oidc, for member sign-in in a browser.
const demo = settings.demo ? { deps, dataDir: resolve(settings.dataDir), publicUrl: settings.publicUrl } : undefined;
const purge = startPurgeTimer(deps, settings.purgeIntervalSeconds);

const { server, baseUrl } = await startNodeServer({ fetch: createApp(deps).fetch, port: settings.port, host: settings.host, demo });
console.log(`pharmagate listening on ${baseUrl} (data: ${settings.dataDir})`);

const shutdown = () => {
  server.close(() =>
    void purge
      .stop()
      .then(close)
      .finally(() => {
        logger.flush();
        process.exit(0);
      }),
  );
};
process.once("SIGTERM", shutdown);
process.once("SIGINT", shutdown);
