import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jsonDocument, tenant } from "../../../test/contract/bvac-helpers.js";
import { nodeGateway } from "../../../test/support/node-gateway.js";
import { createPharmagateClient, ProblemError, retryAfterMs, unwrap, type BvacSubmission, type FetchLike } from "../src/index.js";

/**
 * The typed client against the real app (in-process, through an injected fetch): retries on 429
 * with Retry-After, a submission replayed safely after a lost answer, problems as a typed error.
 */
let gateway: Awaited<ReturnType<typeof nodeGateway>>;
let t: Awaited<ReturnType<typeof tenant>>;
/** The app as a fetch; `intercept` can answer or fail an attempt instead of it. */
let intercept: ((request: Request, attempt: number) => Promise<Response | undefined>) | undefined;
let attempts: Request[] = [];
const appFetch: FetchLike = async (request) => {
  attempts.push(request);
  const override = await intercept?.(request, attempts.length);
  if (override) return override;
  const url = new URL(request.url);
  return gateway.harness.fetch(url.pathname + url.search, request);
};

beforeAll(async () => {
  // One request per second and no burst for pharmacies: the second call in a row gets a 429.
  gateway = await nodeGateway({ rateLimits: { pharmacy: { perSecond: 1, burst: 1 }, insurer: null, member: null, admin: null, address: null } });
  t = await tenant(gateway.harness);
});
afterAll(() => gateway.close());

function client(options: Parameters<typeof createPharmagateClient>[0]["retry"] = {}, language?: "fr") {
  attempts = [];
  intercept = undefined;
  return createPharmagateClient({ baseUrl: "http://gateway.test", apiKey: t.pharmacy.apiKey, fetch: appFetch, retry: options, ...(language ? { language } : {}) });
}

const submission = () => jsonDocument(t) as BvacSubmission;
const waitOutLimit = () => new Promise((resolve) => setTimeout(resolve, 1100));

describe("typed client", () => {
  it("retries a 429 after the Retry-After seconds, then succeeds", async () => {
    const waits: Array<{ delayMs: number; reason: string }> = [];
    const api = client({ onRetry: ({ delayMs, reason }) => waits.push({ delayMs, reason }) });
    await waitOutLimit();
    expect((await api.GET("/v1/bvac/{documentId}", { params: { path: { documentId: "none" } } })).response.status).toBe(404);
    const receipt = await unwrap(api.POST("/v1/bvac", { body: submission() }));
    expect(receipt.status).toBe("queued");
    expect(waits.map((w) => w.reason)).toEqual(["429"]);
    expect(waits[0]!.delayMs).toBeGreaterThanOrEqual(1000);
    expect(waits[0]!.delayMs).toBeLessThan(1200);
    expect(attempts.map((r) => r.method)).toEqual(["GET", "POST", "POST"]);
  });

  it("honours an HTTP-date Retry-After and caps every wait", async () => {
    const now = Date.parse("2026-11-30T10:00:00Z");
    const waits: number[] = [];
    const api = client({ now: () => now, sleep: async (ms) => void waits.push(ms), random: () => 0 });
    intercept = async (_request, attempt) =>
      attempt === 1 ? new Response("", { status: 503, headers: { "Retry-After": new Date(now + 4000).toUTCString() } }) : undefined;
    await waitOutLimit();
    expect((await api.GET("/v1/insurers")).response.status).toBe(200);
    expect(waits).toEqual([4000]);

    // A Retry-After beyond the cap is not waited for: the 429 comes back to the caller.
    const capped = client({ maxDelayMs: 2000, sleep: async (ms) => void waits.push(ms) });
    intercept = async () => new Response("{}", { status: 429, headers: { "Retry-After": "30" } });
    expect((await capped.GET("/v1/insurers")).response.status).toBe(429);
    expect(attempts).toHaveLength(1);
    expect(retryAfterMs("Wed, 21 Oct 2015 07:28:00 GMT", Date.parse("2015-10-21T07:27:00Z"))).toBe(60_000);
    expect(retryAfterMs("soon", 0)).toBeUndefined();
  });

  it("replays a submission whose answer was lost: the same document id gets the stored answer, stored once", async () => {
    // Real waits: the replay itself meets the rate limit and waits out its Retry-After.
    const api = client();
    const body = submission();
    let first: Response | undefined;
    // The gateway stores the document, then the connection drops before the answer arrives.
    intercept = async (request, attempt) => {
      if (attempt !== 1) return undefined;
      const url = new URL(request.url);
      first = await gateway.harness.fetch(url.pathname, request);
      throw new TypeError("fetch failed: socket hang up");
    };
    await waitOutLimit();
    const { data, response } = await api.POST("/v1/bvac", { body });
    expect(first?.status).toBe(201);
    const stored = (await first!.json()) as { receivedAt: string };
    expect(response.status).toBe(200);
    expect(data).toMatchObject({ documentId: body.documentId, status: "queued", receivedAt: stored.receivedAt });
    const rows = await gateway.harness.db.all<{ n: number }>("SELECT count(*) AS n FROM bvac_documents WHERE document_id = ?", [body.documentId]);
    expect(rows[0]?.n).toBe(1);
  });

  it("does not resend a request that is not safe to repeat (an export lease) after a network error", async () => {
    const api = createPharmagateClient({ baseUrl: "http://gateway.test", apiKey: t.insurer.apiKey, fetch: appFetch, retry: { sleep: async () => {} } });
    attempts = [];
    intercept = async () => {
      throw new TypeError("fetch failed");
    };
    await expect(api.POST("/v1/exports", { body: { limit: 1 } })).rejects.toThrow("fetch failed");
    expect(attempts).toHaveLength(1);
  });

  it("throws a typed ProblemError, in the language asked for", async () => {
    const api = client({}, "fr");
    await waitOutLimit();
    const error = await unwrap(api.POST("/v1/bvac", { body: { ...submission(), barcode: "nope" } })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProblemError);
    const problem = (error as ProblemError).problem;
    expect(problem).toMatchObject({ status: 422, code: "validation_failed", title: "La requête contient des champs invalides" });
    expect(problem.errors?.map((e) => `${e.path}:${e.code}`)).toEqual(["barcode:invalid_barcode"]);
    expect((error as ProblemError).response.headers.get("content-language")).toBe("fr");
  });
});
