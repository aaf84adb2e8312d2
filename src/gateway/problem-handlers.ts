import type { Context, ErrorHandler, NotFoundHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import { ApiError, problemContentType, problemOf } from "../core/errors.js";
import { defaultLanguage, negotiateLanguage, type Language } from "../i18n/index.js";
import type { GatewayEnv } from "./env.js";

/**
 * The language of an answer: the request's Accept-Language among nl/fr/de/en, else the calling
 * pharmacy's configured language (known once its key is checked), else en.
 */
export function answerLanguage(c: Context<GatewayEnv>): Language {
  const principal = c.get("principal") as GatewayEnv["Variables"]["principal"] | undefined;
  const fallback = principal?.kind === "pharmacy" && principal.language ? principal.language : defaultLanguage;
  return negotiateLanguage(c.req.header("Accept-Language"), fallback);
}

export function problemResponse(c: Context<GatewayEnv>, error: ApiError): Response {
  const language = answerLanguage(c);
  const body = problemOf(error, c.get("requestId"), language);
  return new Response(JSON.stringify(body), {
    status: error.status,
    headers: {
      ...error.headers,
      "Content-Type": problemContentType,
      "Content-Language": language,
      Vary: "Accept-Language",
      "X-Request-Id": c.get("requestId") ?? "",
    },
  });
}

/** Maps what Hono and its validators throw to our codes; anything else is an opaque 500. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof HTTPException) {
    switch (error.status) {
      case 400:
        return /json/i.test(error.message)
          ? new ApiError("malformed_json", { key: "problem.malformed_json.detail" })
          : new ApiError("bad_request", { key: "problem.bad_request.detail" });
      case 413:
        return new ApiError("payload_too_large", { key: "problem.payload_too_large.detail" });
      case 415:
        return new ApiError("unsupported_media_type", { key: "problem.unsupported_media_type.detail" });
      case 401:
        return new ApiError("unauthenticated", { key: "problem.unauthenticated.detail" });
    }
  }
  return new ApiError("internal", { key: "problem.internal.detail" }, [], {}, { cause: error });
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
  problemResponse(c, new ApiError("route_not_found", { key: "detail.route_not_found.route", params: { method: c.req.method, path: new URL(c.req.url).pathname } }));
