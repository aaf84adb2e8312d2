import type { MiddlewareHandler } from "hono";
import { routePath } from "hono/route";
import type { GatewayEnv } from "../env.js";

/** One JSON line per request: id, method, route pattern (never the concrete path's ids), status, time. */
export function accessLog(): MiddlewareHandler<GatewayEnv> {
  return async function logRequest(c, next) {
    const started = performance.now();
    await next();
    c.get("deps").logger.info("request", {
      requestId: c.get("requestId"),
      method: c.req.method,
      route: routePath(c),
      status: c.res.status,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
    });
  };
}
