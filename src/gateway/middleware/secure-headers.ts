import type { MiddlewareHandler } from "hono";

/** Hono's `secureHeaders()` defaults: the same names and values, set on every answer. */
const defaults: ReadonlyArray<readonly [string, string]> = [
  ["Cross-Origin-Resource-Policy", "same-origin"],
  ["Cross-Origin-Opener-Policy", "same-origin"],
  ["Origin-Agent-Cluster", "?1"],
  ["Referrer-Policy", "no-referrer"],
  ["Strict-Transport-Security", "max-age=15552000; includeSubDomains"],
  ["X-Content-Type-Options", "nosniff"],
  ["X-DNS-Prefetch-Control", "off"],
  ["X-Download-Options", "noopen"],
  ["X-Frame-Options", "SAMEORIGIN"],
  ["X-Permitted-Cross-Domain-Policies", "none"],
  ["X-XSS-Protection", "0"],
];

/**
 * Hono's `secureHeaders({ overwrite: false })`, answer for answer: each default header unless the
 * route set its own, and no `X-Powered-By`. Hono's version asks the finished answer whether it has
 * each header, then sets it: two web `Headers` calls per header on every request. Here the defaults
 * are set first, as the base every answer built through the context (`c.json`, `c.body`, an error
 * handler's problem) starts from, so a route's own value replaces them without any look-up. An
 * answer the route built itself (a `Response` returned as is) does not start from that base; it is
 * recognised by a default it lacks and gets Hono's treatment.
 */
export function secureHeaders(): MiddlewareHandler {
  return async function secureHeaders(c, next) {
    for (const [name, value] of defaults) c.header(name, value);
    await next();
    const headers = c.res.headers;
    if (!headers.has("X-Content-Type-Options")) for (const [name, value] of defaults) if (!headers.has(name)) headers.set(name, value);
    headers.delete("X-Powered-By");
  };
}
