import type { ZodError } from "zod";

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
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof errorStatus;
export type ProblemStatus = (typeof errorStatus)[ErrorCode];

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
  readonly status: ProblemStatus;
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

/**
 * Problems shown in one answer: the first ones, then `errorCount` says how many there were. A
 * body of many bad lines then gets a small answer, and a pharmacy fixes the first ones first.
 */
export const maxReportedProblems = 100;

export function problemOf(error: ApiError, requestId?: string): Problem {
  const shown = error.errors.length > maxReportedProblems ? error.errors.slice(0, maxReportedProblems) : error.errors;
  return {
    type: `urn:pharmagate:problem:${error.code}`,
    title: titles[error.code],
    status: error.status,
    detail: error.detail,
    code: error.code,
    ...error.extensions,
    ...(requestId ? { requestId } : {}),
    ...(shown.length > 0 ? { errors: shown } : {}),
    ...(shown.length < error.errors.length ? { errorCount: error.errors.length } : {}),
  };
}

export const problemContentType = "application/problem+json";

/** The value at a path of segments, undefined when any step is missing. */
function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value: unknown = input;
  for (const key of path) {
    if (typeof value !== "object" || value === null) return undefined;
    value = Reflect.get(value, key);
  }
  return value;
}

/**
 * Zod issues as located problems: `lines.0.quantity` rather than an array of segments. Zod calls a
 * missing field `invalid_type` ("received undefined"); given the input that was validated, a field
 * that is absent is reported as `required` instead, the code the SMC XML path uses for a missing
 * element, so one mistake has one code whatever the format. Other codes are zod's (`invalid_type`
 * for a wrong JSON type, `too_big`, `invalid_value`, …).
 */
export function fieldProblems(error: ZodError, input?: { value: unknown }): FieldProblem[] {
  return error.issues.map((issue) => {
    const missing = input !== undefined && issue.code === "invalid_type" && valueAt(input.value, issue.path) === undefined;
    return {
      path: issue.path.map(String).join(".") || "(body)",
      code: missing ? "required" : issue.code,
      message: missing ? `required (${issue.expected})` : issue.message,
    };
  });
}
