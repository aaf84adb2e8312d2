/**
 * The Worker as the workerd test project runs it: src/worker.ts, its bindings wrapped by the
 * limits layer (workers-limits.ts) and each invocation metered. vitest.workers.config.ts names
 * this file as `main`, so `exports.default.fetch`, queue deliveries and crons all come through here.
 */
import type { ExportedHandler } from "@cloudflare/workers-types";
import worker, { type WorkerEnv } from "../../src/worker.js";
import type { OutboxMessage } from "../../src/adapters/queue/cloudflare-queue.js";
import { asInvocation, limitedEnv } from "./workers-limits.js";

/** Request header naming an invocation whose meter a test reads back with `meterOf`. */
export const traceHeader = "x-test-trace";

export default {
  fetch: (request, env, ctx) => asInvocation(request.headers.get(traceHeader), () => worker.fetch(request, limitedEnv(env), ctx)),
  queue: (batch, env, _ctx) => asInvocation(null, () => worker.queue(batch, limitedEnv(env))),
  scheduled: (controller, env, _ctx) => asInvocation(null, () => worker.scheduled(controller, limitedEnv(env))),
} satisfies ExportedHandler<WorkerEnv, OutboxMessage>;
