import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";

type BodyLimitOptions = Parameters<typeof bodyLimit>[0] & { onError: NonNullable<Parameters<typeof bodyLimit>[0]["onError"]> };

/**
 * Hono's `bodyLimit`, with the declared-length case decided from the headers alone. Hono's first
 * step asks `c.req.raw.body`, and on @hono/node-server that builds a full fetch `Request` with a
 * web stream over the socket for every request, so the route's `arrayBuffer()` then goes through
 * undici's stream machinery instead of the adapter's direct read. A body without a declared length
 * (chunked) still goes through Hono's counting reader.
 *
 * @example app.use(bodyLimitByLength({ maxSize: 1 << 20, onError: () => { throw tooLarge } }))
 */
export function bodyLimitByLength(options: BodyLimitOptions): MiddlewareHandler {
  const counting = bodyLimit(options);
  return async function bodyLimitByLength(c, next) {
    if (c.req.method === "GET" || c.req.method === "HEAD") return next();
    const declared = c.req.header("content-length");
    if (declared !== undefined && c.req.header("transfer-encoding") === undefined) {
      return Number.parseInt(declared, 10) > options.maxSize ? options.onError(c) : next();
    }
    return counting(c, next);
  };
}
