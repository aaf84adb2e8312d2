/**
 * The pharmagate client: types generated from /openapi.json (openapi-typescript, `npm run
 * client:generate`), openapi-fetch as the runtime (a thin typed `fetch`, so it runs in Node 20,
 * browsers and Workers, or on any injected fetch), retries with Retry-After beneath it, and
 * problems as a typed error.
 */
import createClient, { type Client } from "openapi-fetch";
import type { components, operations, paths } from "./generated/api.js";
import { retryingFetch, type FetchLike, type RetryOptions } from "./retry.js";

export type { components, operations, paths } from "./generated/api.js";
export { isReplayable, retryAfterMs, retryingFetch, type FetchLike, type RetryOptions } from "./retry.js";

/** An RFC 9457 problem as the gateway answers it. */
export type Problem = components["schemas"]["Problem"];

/** A refusal of the gateway: the problem is typed, `code` is stable, `title`/`detail` are in the asked language. */
export class ProblemError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(
    readonly problem: Problem,
    readonly response: Response,
  ) {
    super(`${problem.status} ${problem.code}: ${problem.detail}`);
    this.name = "ProblemError";
    this.status = problem.status;
    this.code = problem.code;
  }
}

export interface ClientOptions {
  /** e.g. `https://gateway.example/` */
  baseUrl: string;
  /** A pharmacy, insurer or operator key (`pk_…`, `ik_…`, `ak_…`), or a member's access token. */
  apiKey?: string;
  /** Sent as Accept-Language: problems come back in nl, fr, de or en. */
  language?: "nl" | "fr" | "de" | "en";
  /** Default: the global fetch. */
  fetch?: FetchLike;
  /** Retries; `false` for none. */
  retry?: RetryOptions | false;
}

export type PharmagateClient = Client<paths>;

export function createPharmagateClient(options: ClientOptions): PharmagateClient {
  const inner: FetchLike = options.fetch ?? ((request) => globalThis.fetch(request));
  const transport = options.retry === false ? (request: Request) => inner(request) : retryingFetch(inner, options.retry);
  const headers: Record<string, string> = {};
  if (options.apiKey) headers.Authorization = `Bearer ${options.apiKey}`;
  if (options.language) headers["Accept-Language"] = options.language;
  return createClient<paths>({ baseUrl: options.baseUrl, fetch: transport, headers });
}

const isProblem = (value: unknown): value is Problem =>
  typeof value === "object" && value !== null && typeof Reflect.get(value, "code") === "string" && typeof Reflect.get(value, "status") === "number";

/**
 * The data of a call, or a thrown ProblemError.
 *
 * @example const receipt = await unwrap(client.POST("/v1/bvac", { body }));
 */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (error === undefined && response.ok) return data as T;
  if (isProblem(error)) throw new ProblemError(error, response);
  throw new ProblemError(
    { type: "about:blank", title: response.statusText || "HTTP error", status: response.status, detail: typeof error === "string" ? error : "", code: "http_error" } as Problem,
    response,
  );
}

/** The submission body of POST /v1/bvac (JSON). */
export type BvacSubmission = components["schemas"]["BvacSubmission"];
export type BvacReceipt = components["schemas"]["BvacReceipt"];
export type SubmitBvacOperation = operations["submitBvac"];
