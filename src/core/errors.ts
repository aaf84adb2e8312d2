import type { ZodError } from "zod";
import { defaultLanguage, isMessageKey, translate, type Language, type Message, type MessageKey, type MessageParams } from "../i18n/index.js";

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

/**
 * One problem of a request, located by a JSON path (`lines.0.quantity`) or an XML element path.
 * `message` is the English text; the answer says it in the reader's language from the catalogue's
 * `field.<code>` (or `messageKey`, when one code has several messages), filled with `params`.
 * Neither is rendered itself.
 */
export interface FieldProblem {
  path: string;
  code: string;
  message: string;
  params?: MessageParams;
  messageKey?: MessageKey;
}


/**
 * An error meant for the client. `detail` is public; anything internal goes to `cause`, which is
 * logged with the request id and never rendered. A detail given as a catalogue message is said in
 * the reader's language; a plain string is English only, and other languages get the code's
 * generic `problem.<code>.detail` instead.
 */
export class ApiError extends Error {
  readonly status: ProblemStatus;
  /** The detail in English (logs, tests, the CLI without a language). */
  readonly detail: string;
  readonly detailMessage: Message | undefined;
  constructor(
    readonly code: ErrorCode,
    detail: string | Message,
    readonly errors: FieldProblem[] = [],
    readonly headers: Record<string, string> = {},
    options?: { cause?: unknown; extensions?: Record<string, string> },
  ) {
    const english = typeof detail === "string" ? detail : translate(defaultLanguage, detail.key, detail.params);
    super(`${code}: ${english}`, options);
    this.detail = english;
    this.detailMessage = typeof detail === "string" ? undefined : detail;
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

/**
 * A field problem's message in `language`: the catalogue's `field.<code>`, or the English message
 * when the code has no catalogue entry (test/unit/i18n-codes.test.ts keeps that from happening for
 * the codes the gateway emits).
 */
export function localisedFieldMessage(problem: FieldProblem, language: Language): string {
  // zod's `custom` covers unrelated refinements: without a key of its own, English keeps the
  // refinement's text and other languages get the generic one.
  const key = problem.messageKey ?? (problem.code === "custom" && language === defaultLanguage ? undefined : `field.${problem.code}`);
  return key !== undefined && isMessageKey(key) ? translate(language, key, problem.params) : problem.message;
}

/** The RFC 9457 body of `error`, said in `language`; `type` and `code` are the same in every language. */
export function problemOf(error: ApiError, requestId?: string, language: Language = defaultLanguage): Problem {
  const generic = (part: "title" | "detail") => translate(language, `problem.${error.code}.${part}` as MessageKey);
  const detail = error.detailMessage
    ? translate(language, error.detailMessage.key, error.detailMessage.params)
    : language === defaultLanguage
      ? error.detail
      : generic("detail");
  const shown = error.errors.length > maxReportedProblems ? error.errors.slice(0, maxReportedProblems) : error.errors;
  return {
    type: `urn:pharmagate:problem:${error.code}`,
    title: generic("title"),
    status: error.status,
    detail,
    code: error.code,
    ...error.extensions,
    ...(requestId ? { requestId } : {}),
    ...(shown.length > 0
      ? { errors: shown.map((problem) => ({ path: problem.path, code: problem.code, message: localisedFieldMessage(problem, language) })) }
      : {}),
    ...(shown.length < error.errors.length ? { errorCount: error.errors.length } : {}),
  };
}

/** What the pharmacist does now about a problem with this code, in `language` (docs/problems.md). */
export function problemAction(code: ErrorCode, language: Language = defaultLanguage): string {
  return translate(language, `problem.${code}.action` as MessageKey);
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
    const problem: FieldProblem = {
      path: issue.path.map(String).join(".") || "(body)",
      code: missing ? "required" : issue.code,
      message: missing ? `required (${issue.expected})` : issue.message,
    };
    const params = issueParams(issue);
    if (params) problem.params = params;
    // A refinement names its catalogue message with `params: { message: "field.…" }`.
    const key: unknown = issue.code === "custom" ? issue.params?.["message"] : undefined;
    if (typeof key === "string" && isMessageKey(key)) problem.messageKey = key;
    return problem;
  });
}

/** The numbers and names zod's own messages are built from, for the catalogue's `field.<code>` templates. */
function issueParams(issue: ZodError["issues"][number]): MessageParams | undefined {
  switch (issue.code) {
    case "invalid_type":
      return { expected: issue.expected };
    case "too_big":
      return { maximum: Number(issue.maximum) };
    case "too_small":
      return { minimum: Number(issue.minimum) };
    default:
      return undefined;
  }
}
