import type { ContentfulStatusCode } from "hono/utils/http-status";

/**
 * Every refusal the gateway can answer with. The status lives here, not at the throw site, so a
 * code always means the same HTTP status and the OpenAPI document can list them.
 */
export const errorStatus = {
  not_found: 404,
  route_not_found: 404,
  method_not_allowed: 405,
  malformed_json: 400,
  malformed_xml: 400,
  bad_request: 400,
  validation_failed: 422,
  unsupported_media_type: 415,
  not_acceptable: 406,
  payload_too_large: 413,
  unauthenticated: 401,
  forbidden: 403,
  barcode_refused: 403,
  conflict: 409,
  lease_expired: 409,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
  not_implemented: 501,
} as const satisfies Record<string, ContentfulStatusCode>;

export type ErrorCode = keyof typeof errorStatus;

/** One problem of a request, located by a JSON path (`lines.0.quantity`) or an XML element path. */
export interface FieldProblem {
  path: string;
  code: string;
  message: string;
}

const titles: Record<ErrorCode, string> = {
  not_found: "Not found",
  route_not_found: "No such route",
  method_not_allowed: "Method not allowed",
  malformed_json: "Malformed JSON body",
  malformed_xml: "Malformed XML body",
  bad_request: "Bad request",
  validation_failed: "The request has invalid fields",
  unsupported_media_type: "Unsupported content type",
  not_acceptable: "No acceptable representation",
  payload_too_large: "Body too large",
  unauthenticated: "Missing or invalid credentials",
  forbidden: "Not allowed for these credentials",
  barcode_refused: "The scanned barcode is refused",
  conflict: "Conflicts with the stored state",
  lease_expired: "The export lease has expired",
  rate_limited: "Too many requests",
  internal: "Internal error",
  unavailable: "Temporarily unavailable",
  not_implemented: "Not available on this runtime",
};

/**
 * An error meant for the client. `detail` is public; anything internal goes to `cause`, which is
 * logged with the request id and never rendered.
 */
export class ApiError extends Error {
  readonly status: ContentfulStatusCode;
  constructor(
    readonly code: ErrorCode,
    readonly detail: string,
    readonly errors: FieldProblem[] = [],
    readonly headers: Record<string, string> = {},
    options?: { cause?: unknown; extensions?: Record<string, string> },
  ) {
    super(`${code}: ${detail}`, options);
    this.status = errorStatus[code];
    this.extensions = options?.extensions ?? {};
  }
  /** Extra public members of the problem body (RFC 9457 extensions), e.g. a refusal `reason`. */
  readonly extensions: Record<string, string>;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  requestId?: string;
  errors?: FieldProblem[];
  [extension: string]: unknown;
}

export function problemOf(error: ApiError, requestId?: string): Problem {
  return {
    type: `urn:pharmagate:problem:${error.code}`,
    title: titles[error.code],
    status: error.status,
    detail: error.detail,
    code: error.code,
    ...error.extensions,
    ...(requestId ? { requestId } : {}),
    ...(error.errors.length > 0 ? { errors: error.errors } : {}),
  };
}

export const problemContentType = "application/problem+json";
