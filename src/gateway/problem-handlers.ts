import type { Context, ErrorHandler, NotFoundHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import { ApiError, problemContentType, problemOf } from "../core/errors.js";
import type { GatewayEnv } from "./env.js";

export function problemResponse(c: Context<GatewayEnv>, error: ApiError): Response {
  const body = problemOf(error, c.get("requestId"));
  return new Response(JSON.stringify(body), {
    status: error.status,
    headers: { ...error.headers, "Content-Type": problemContentType, "X-Request-Id": c.get("requestId") ?? "" },
  });
}

/** Maps what Hono and its validators throw to our codes; anything else is an opaque 500. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof HTTPException) {
    switch (error.status) {
      case 400:
        return /json/i.test(error.message)
          ? new ApiError("malformed_json", "The body is not valid JSON.")
          : new ApiError("bad_request", "The request could not be read.");
      case 413:
        return new ApiError("payload_too_large", "The body is larger than this route accepts.");
      case 415:
        return new ApiError("unsupported_media_type", "This route does not accept that Content-Type.");
      case 401:
        return new ApiError("unauthenticated", "Missing or invalid credentials.");
    }
  }
  return new ApiError("internal", "Something went wrong on our side; the request id identifies it in our logs.", [], {}, { cause: error });
}

export const onError: ErrorHandler<GatewayEnv> = (error, c) => {
  const apiError = toApiError(error);
  if (apiError.status >= 500) {
    const cause = apiError.cause ?? error;
    c.get("deps")?.logger.error("unhandled", {
      requestId: c.get("requestId"),
      error: cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause),
    });
  }
  return problemResponse(c, apiError);
};

export const onNotFound: NotFoundHandler<GatewayEnv> = (c) =>
  problemResponse(c, new ApiError("route_not_found", `No route for ${c.req.method} ${new URL(c.req.url).pathname}.`));
