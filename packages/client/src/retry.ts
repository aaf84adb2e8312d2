/**
 * Retries beneath openapi-fetch's middleware: a `fetch` that sends each attempt as a fresh clone
 * of the request, so a body can be sent again. Retried: network errors, 429 and 5xx, waiting what
 * `Retry-After` says (delta-seconds or an HTTP-date) or else an exponential backoff with full
 * jitter, every wait capped. Only requests that are safe to send twice are retried (see
 * `isReplayable`); a 429 is retried for any request, since the gateway refused it before doing anything.
 */
export interface RetryOptions {
  /** Attempts after the first (default 3). */
  retries?: number;
  /** First backoff step in ms (default 200); doubles per attempt. */
  baseDelayMs?: number;
  /** No single wait is longer (default 10 000 ms). A Retry-After beyond it is not waited for: the answer is returned. */
  maxDelayMs?: number;
  /** Which requests may be sent again after a network error or a 5xx (default `isReplayable`). */
  replayable?: (request: Request) => boolean;
  /** Injected for tests: a number in [0, 1), and a timer. */
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Called before each wait (for logs, or a test). */
  onRetry?: (event: { attempt: number; delayMs: number; reason: string; request: Request }) => void;
  /** The clock an HTTP-date Retry-After is read against (default Date.now). */
  now?: () => number;
}

const idempotentMethods = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE"]);

/**
 * POSTs of the gateway that answer the same when sent twice: a BVAC submission (same document id,
 * same content = the stored answer, nothing queued again), a barcode check, a cancellation, an
 * insurer's ack/release and decision. Not a lease (a second one would hold other documents) nor onboarding.
 */
const replayablePosts = [
  /\/v1\/bvac$/,
  /\/v1\/barcodes\/verify$/,
  /\/v1\/bvac\/[^/]+\/(cancel|decision)$/,
  /\/v1\/exports\/[^/]+\/(ack|release)$/,
];

export function isReplayable(request: Request): boolean {
  if (idempotentMethods.has(request.method)) return true;
  const path = new URL(request.url).pathname;
  return request.method === "POST" && replayablePosts.some((pattern) => pattern.test(path));
}

/** `Retry-After` in ms: delta-seconds or an HTTP-date (RFC 9110 §10.2.3); undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now: number): number | undefined {
  if (header === null) return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** What the client needs of `fetch`: a Request in, a Response out (global fetch, a test's app, a Worker binding). */
export type FetchLike = (request: Request) => Promise<Response>;

export function retryingFetch(inner: FetchLike, options: RetryOptions = {}): FetchLike {
  const retries = options.retries ?? 3;
  const base = options.baseDelayMs ?? 200;
  const cap = options.maxDelayMs ?? 10_000;
  const replayable = options.replayable ?? isReplayable;
  const random = options.random ?? Math.random;
  const sleep = options.sleep ?? defaultSleep;
  const now = options.now ?? Date.now;
  const backoff = (attempt: number) => Math.floor(random() * Math.min(cap, base * 2 ** attempt));

  return async function fetchWithRetries(request: Request): Promise<Response> {
    for (let attempt = 0; ; attempt++) {
      const last = attempt >= retries;
      let response: Response;
      try {
        response = await inner(request.clone() as Request);
      } catch (error) {
        if (last || !replayable(request) || request.signal?.aborted) throw error;
        const delayMs = backoff(attempt);
        options.onRetry?.({ attempt: attempt + 1, delayMs, reason: "network error", request });
        await sleep(delayMs);
        continue;
      }
      const retryable = response.status === 429 || (response.status >= 500 && replayable(request));
      if (!retryable || last) return response;
      const told = retryAfterMs(response.headers.get("Retry-After"), now());
      if (told !== undefined && told > cap) return response;
      // Never sooner than the server asked; a little jitter on top spreads a crowd of clients.
      const delayMs = told !== undefined ? told + Math.floor(random() * Math.min(base, cap - told + 1)) : backoff(attempt);
      options.onRetry?.({ attempt: attempt + 1, delayMs, reason: String(response.status), request });
      await response.body?.cancel();
      await sleep(delayMs);
    }
  };
}
