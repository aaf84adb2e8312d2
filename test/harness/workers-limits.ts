/**
 * Cloudflare's documented limits, enforced around the D1 and Queues bindings of the workerd test
 * project. Local D1 (SQLite in miniflare) and local Queues accept what production refuses — 500
 * bound parameters, a 13,000-statement batch, a 1,000-message sendBatch — so without this layer a
 * test passes that production would fail. Every call beyond a limit throws here as it would there.
 *
 * The layer also counts round trips per Worker invocation (each D1 call is a network round trip
 * in production; each queue send too), so tests can assert how many a request costs.
 *
 * Sources (read 2026-12; the figures are the Workers Paid plan's):
 * - D1: https://developers.cloudflare.com/d1/platform/limits/
 * - Queues: https://developers.cloudflare.com/queues/platform/limits/
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { D1Database, D1PreparedStatement, MessageSendRequest, Queue, QueueSendBatchOptions, QueueSendOptions } from "@cloudflare/workers-types";

export const d1Limits = {
  /** "Maximum bound parameters per query: 100". */
  boundParametersPerQuery: 100,
  /** "Queries per Worker invocation (read subrequest limits): 1000 (Workers Paid) / 50 (Free)". Each statement of a batch is a query. */
  queriesPerInvocation: 1000,
  /** "Maximum SQL statement length: 100,000 bytes (100 KB)". */
  statementBytes: 100_000,
  /** "Maximum string, BLOB or table row size: 2,000,000 bytes (2 MB)". */
  valueOrRowBytes: 2_000_000,
  /** "Maximum query result size: 50 MB". */
  resultBytes: 50_000_000,
} as const;

export const queueLimits = {
  /** "Message size: 128 KB" (1 KB = 1000 bytes), "up to ~100 bytes of internal metadata" counted in. */
  messageBytes: 128_000,
  metadataBytes: 100,
  /** "Maximum messages per sendBatch call: 100 (or 256KB in total)". */
  sendBatchMessages: 100,
  sendBatchBytes: 256_000,
  /** "delaySeconds (when sending or retrying): 24 hours". */
  delaySeconds: 86_400,
} as const;

export class CloudflareLimitError extends Error {
  override name = "CloudflareLimitError";
}

/** What one Worker invocation (a fetch, a queue batch, a cron run) spent. */
export interface InvocationMeter {
  /**
   * D1 round trips on the invocation's critical path: a call (`first`/`all`/`run`/`raw`, a `batch`
   * however many statements, an `exec`) counts unless it starts while another D1 call of the
   * invocation is still in flight. Calls made in parallel (e.g. reads to the shared database and
   * to an insurer's own, started together) overlap in time: they cost one round trip's latency.
   */
  d1RoundTrips: number;
  /** Every D1 call, parallel ones included (what production bills and rate-limits per call). */
  d1Calls: number;
  /** D1 calls per binding name (`DB`, `DB_INSURER_<prefix>`): which databases the invocation touched. */
  d1CallsByBinding: Record<string, number>;
  /** D1 calls in flight right now (internal: decides whether a new call adds a round trip). */
  d1InFlight: number;
  /** Statements executed, batches counted per statement (the per-invocation query limit). */
  d1Queries: number;
  /** `send` and `sendBatch` calls. */
  queueSends: number;
}

const invocation = new AsyncLocalStorage<InvocationMeter>();
const traced = new Map<string, InvocationMeter>();

/** Runs `work` as one Worker invocation; with a `trace`, its meter stays readable by `meterOf`. */
export function asInvocation<T>(trace: string | null, work: () => T): T {
  const meter: InvocationMeter = { d1RoundTrips: 0, d1Calls: 0, d1CallsByBinding: {}, d1InFlight: 0, d1Queries: 0, queueSends: 0 };
  if (trace) traced.set(trace, meter);
  return invocation.run(meter, work);
}

/** The meter of the invocation started with this trace (the `x-test-trace` request header). */
export function meterOf(trace: string): InvocationMeter | undefined {
  return traced.get(trace);
}

const encoder = new TextEncoder();
const byteLength = (value: unknown): number => {
  if (typeof value === "string") return encoder.encode(value).byteLength;
  if (value instanceof ArrayBuffer) return value.byteLength;
  if (ArrayBuffer.isView(value)) return value.byteLength;
  if (value === null || value === undefined) return 0;
  return 8;
};

/** One D1 call: its statements are spent before it is sent, its round trip counted while it is in flight. */
async function call<T>(binding: string, statements: number, work: () => Promise<T>): Promise<T> {
  spend(statements);
  const meter = invocation.getStore();
  if (!meter) return work();
  meter.d1CallsByBinding[binding] = (meter.d1CallsByBinding[binding] ?? 0) + 1;
  if (meter.d1InFlight === 0) meter.d1RoundTrips += 1;
  meter.d1InFlight += 1;
  try {
    return await work();
  } finally {
    meter.d1InFlight -= 1;
  }
}

function spend(statements: number): void {
  const meter = invocation.getStore();
  // Direct calls from a test body (arranging data) are not a Worker invocation: only their
  // per-statement limits apply.
  if (!meter) {
    if (statements > d1Limits.queriesPerInvocation) {
      throw new CloudflareLimitError(`D1: ${statements} statements in one call; at most ${d1Limits.queriesPerInvocation} queries per Worker invocation`);
    }
    return;
  }
  meter.d1Calls += 1;
  meter.d1Queries += statements;
  if (meter.d1Queries > d1Limits.queriesPerInvocation) {
    throw new CloudflareLimitError(`D1: ${meter.d1Queries} queries in one Worker invocation; the limit is ${d1Limits.queriesPerInvocation}`);
  }
}

function checkStatement(sql: string, params: readonly unknown[]): void {
  if (params.length > d1Limits.boundParametersPerQuery) {
    throw new CloudflareLimitError(`D1_ERROR: too many SQL variables: ${params.length} bound parameters; at most ${d1Limits.boundParametersPerQuery} per query`);
  }
  const sqlBytes = byteLength(sql);
  if (sqlBytes > d1Limits.statementBytes) {
    throw new CloudflareLimitError(`D1_ERROR: statement too long: ${sqlBytes} bytes; at most ${d1Limits.statementBytes}`);
  }
  params.forEach((param, index) => {
    const bytes = byteLength(param);
    if (bytes > d1Limits.valueOrRowBytes) {
      throw new CloudflareLimitError(`D1_ERROR: string or blob too big: parameter ${index + 1} is ${bytes} bytes; at most ${d1Limits.valueOrRowBytes}`);
    }
  });
}

/** Rows coming back are rows stored: none may exceed the row size, all together the result size. */
function checkRows(rows: readonly unknown[] | undefined): void {
  if (!rows) return;
  let total = 0;
  for (const row of rows) {
    const values = Array.isArray(row) ? row : Object.values(row as Record<string, unknown>);
    const bytes = values.reduce<number>((sum, value) => sum + byteLength(value), 0);
    if (bytes > d1Limits.valueOrRowBytes) throw new CloudflareLimitError(`D1: a row of ${bytes} bytes; at most ${d1Limits.valueOrRowBytes}`);
    total += bytes;
  }
  if (total > d1Limits.resultBytes) throw new CloudflareLimitError(`D1: a result of ${total} bytes; at most ${d1Limits.resultBytes}`);
}

class LimitedStatement {
  constructor(
    readonly binding: string,
    readonly inner: D1PreparedStatement,
    readonly sql: string,
    readonly params: readonly unknown[],
  ) {}

  bind(...values: unknown[]): LimitedStatement {
    return new LimitedStatement(this.binding, this.inner.bind(...values), this.sql, values);
  }

  private send<T>(work: () => Promise<T>): Promise<T> {
    checkStatement(this.sql, this.params);
    return call(this.binding, 1, work);
  }

  async first(column?: string): Promise<unknown> {
    const row = await this.send(() => (column === undefined ? this.inner.first() : this.inner.first(column)));
    if (row && typeof row === "object") checkRows([row]);
    return row;
  }

  async all(): Promise<unknown> {
    const result = await this.send(() => this.inner.all());
    checkRows(result.results);
    return result;
  }

  async run(): Promise<unknown> {
    const result = await this.send(() => this.inner.run());
    checkRows(result.results);
    return result;
  }

  async raw(options?: { columnNames?: boolean }): Promise<unknown> {
    const rows = await this.send(() => this.inner.raw(options as { columnNames?: false }));
    checkRows(rows);
    return rows;
  }
}

const wrappedD1 = new WeakMap<D1Database, D1Database>();

/** The D1 binding with the platform's limits enforced and its round trips counted (per binding name). */
export function limitD1(d1: D1Database, binding = "DB"): D1Database {
  const known = wrappedD1.get(d1);
  if (known) return known;
  const limited = {
    prepare: (sql: string) => new LimitedStatement(binding, d1.prepare(sql), sql, []),
    async batch(statements: LimitedStatement[]) {
      for (const statement of statements) checkStatement(statement.sql, statement.params);
      const results = await call(binding, statements.length, () => d1.batch(statements.map((statement) => statement.inner)));
      for (const result of results) checkRows(result.results);
      return results;
    },
    async exec(sql: string) {
      // `exec` takes no parameters; each of its statements is a query.
      checkStatement(sql, []);
      return call(binding, sql.split(";").filter((part) => part.trim() !== "").length, () => d1.exec(sql));
    },
    withSession() {
      throw new CloudflareLimitError("D1 sessions are not used by pharmagate; wrap them here before using them");
    },
    dump: () => d1.dump(),
  } as unknown as D1Database;
  wrappedD1.set(d1, limited);
  return limited;
}

/** Switch for tests that need Cloudflare Queues down: every send throws while it is on. */
export const queueOutage = { on: false };

function messageBytes(body: unknown): number {
  // Queues serialises with the structured clone algorithm (v8); JSON is a close, slightly larger stand-in.
  return byteLength(JSON.stringify(body) ?? "") + queueLimits.metadataBytes;
}

function checkDelay(delaySeconds: number | undefined): void {
  if (delaySeconds !== undefined && (delaySeconds < 0 || delaySeconds > queueLimits.delaySeconds)) {
    throw new CloudflareLimitError(`Queues: delaySeconds ${delaySeconds}; at most ${queueLimits.delaySeconds}`);
  }
}

function spendSend(): void {
  const meter = invocation.getStore();
  if (meter) meter.queueSends += 1;
  if (queueOutage.on) throw new Error("Queue send failed: service unavailable (test outage)");
}

const wrappedQueues = new WeakMap<Queue<unknown>, Queue<unknown>>();

/** The Queue producer binding with the platform's limits enforced and its sends counted. */
export function limitQueue<Body>(queue: Queue<Body>): Queue<Body> {
  const known = wrappedQueues.get(queue as Queue<unknown>);
  if (known) return known as Queue<Body>;
  const limited: Queue<Body> = {
    metrics: () => queue.metrics(),
    async send(body: Body, options?: QueueSendOptions) {
      const bytes = messageBytes(body);
      if (bytes > queueLimits.messageBytes) throw new CloudflareLimitError(`Queues: a message of ${bytes} bytes; at most ${queueLimits.messageBytes}`);
      checkDelay(options?.delaySeconds);
      spendSend();
      return queue.send(body, options);
    },
    async sendBatch(messages: Iterable<MessageSendRequest<Body>>, options?: QueueSendBatchOptions) {
      const list = [...messages];
      if (list.length > queueLimits.sendBatchMessages) {
        throw new CloudflareLimitError(`Queues: ${list.length} messages in one sendBatch; at most ${queueLimits.sendBatchMessages}`);
      }
      let total = 0;
      for (const message of list) {
        const bytes = messageBytes(message.body);
        if (bytes > queueLimits.messageBytes) throw new CloudflareLimitError(`Queues: a message of ${bytes} bytes; at most ${queueLimits.messageBytes}`);
        checkDelay(message.delaySeconds);
        total += bytes;
      }
      if (total > queueLimits.sendBatchBytes) throw new CloudflareLimitError(`Queues: ${total} bytes in one sendBatch; at most ${queueLimits.sendBatchBytes}`);
      checkDelay(options?.delaySeconds);
      spendSend();
      return queue.sendBatch(list, options);
    },
  };
  wrappedQueues.set(queue as Queue<unknown>, limited as Queue<unknown>);
  return limited;
}

/**
 * The Worker's env with every D1 and Queue producer binding wrapped. Bindings are recognised by
 * shape, so a binding added to wrangler.toml later (an insurer's database) is wrapped too.
 */
export function limitedEnv<Env extends object>(env: Env): Env {
  const out: Record<string, unknown> = { ...(env as Record<string, unknown>) };
  for (const [name, value] of Object.entries(env)) {
    if (!value || typeof value !== "object") continue;
    const candidate = value as Record<string, unknown>;
    if (typeof candidate.prepare === "function" && typeof candidate.batch === "function") out[name] = limitD1(value as D1Database, name);
    else if (typeof candidate.send === "function" && typeof candidate.sendBatch === "function") out[name] = limitQueue(value as Queue<unknown>);
  }
  return out as Env;
}
