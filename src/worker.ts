import type { ExportedHandler, MessageBatch } from "@cloudflare/workers-types";
import { consumeOutboxMessages, moveStranded } from "./adapters/queue/cloudflare-consumer.js";
import type { OutboxMessage } from "./adapters/queue/cloudflare-queue.js";
import { inReadScope } from "./adapters/storage/d1.js";
import { systemClock } from "./adapters/system-clock.js";
import { workerDatabases, workerDeps, workerLogger, type WorkerBindings } from "./adapters/workers/deps.js";
import { scheduledPurge } from "./adapters/workers/scheduled-purge.js";
import { readSettings } from "./core/config.js";
import { createApp } from "./gateway/app.js";
import type { GatewayApp } from "./gateway/env.js";

/** Bindings, vars and secrets; every setting is described once, in the README's settings table. */
export type WorkerEnv = WorkerBindings & Record<string, unknown>;

// Bindings are fixed for the life of an isolate, so the app is built once per isolate.
let app: Promise<GatewayApp> | undefined;

export default {
  async fetch(request, env, ctx) {
    app ??= workerDeps(env, readSettings(env, "workers")).then(createApp);
    const gateway = await app;
    return inReadScope(() => gateway.fetch(request as unknown as Request, env, ctx)) as unknown as ReturnType<
      NonNullable<ExportedHandler<WorkerEnv>["fetch"]>
    >;
  },

  async queue(batch: MessageBatch<OutboxMessage>, env: WorkerEnv) {
    await consumeOutboxMessages(batch, workerDatabases(env), workerLogger(readSettings(env, "workers")));
  },

  async scheduled(_controller, env: WorkerEnv) {
    await moveStranded(workerDatabases(env), workerLogger(readSettings(env, "workers")), systemClock.now());
    await scheduledPurge(env);
  },
} satisfies ExportedHandler<WorkerEnv, OutboxMessage>;
