import type { D1Database, ExecutionContext, ExportedHandler, MessageBatch, Queue } from "@cloudflare/workers-types";
import { cloudflareQueuePublisher, type OutboxMessage } from "./adapters/queue/cloudflare-queue.js";
import { d1Database } from "./adapters/storage/d1.js";
import { moveOutboxToExportQueue, pendingOutboxIds } from "./adapters/storage/repos/outbox.js";
import { identityKeySets, parsePinnedJwks } from "./adapters/identity/key-sets.js";
import { memoryKeyStore, parseSigningKeysSecret } from "./barcode/memory-key-store.js";
import { SigningKeys } from "./barcode/signing-keys.js";
import { assertIssuerFits, BarcodeTokenVerifier } from "./barcode/token.js";
import { createApp } from "./gateway/app.js";
import { sha256Hex } from "./gateway/auth/api-key-material.js";
import type { GatewayApp } from "./gateway/env.js";
import { parseRateLimits } from "./gateway/middleware/rate-limit.js";
import { exportLeaseSetting } from "./gateway/services/exports.js";
import { consoleLogger, silentLogger, systemClock } from "./gateway/ports.js";

export interface WorkerEnv {
  DB: D1Database;
  EVENTS: Queue<OutboxMessage>;
  GATEWAY_ISSUER?: string;
  /** Secret: an operator key accepted without a database row (`wrangler secret put ADMIN_API_KEY`). */
  ADMIN_API_KEY?: string;
  /**
   * Secret: the barcode signing keys, a JSON array of `{kid, createdAt, privateJwk}` (newest signs).
   * Rotate by putting a new value with one more key (`npm run cli -- keys secret`); see docs/barcode.md.
   */
  SIGNING_KEYS?: string;
  /** Identity providers' JWKS pinned by URL (JSON object `{url: jwks}`), resolved without HTTP. */
  IDENTITY_JWKS?: string;
  /** Lifetime of a barcode token in seconds (default 30 days). */
  BARCODE_TTL_SECONDS?: string;
  /** Default lease of an insurer export batch in seconds (default 300). */
  EXPORT_LEASE_SECONDS?: string;
  /** `silent` turns the JSON access log off (the test suite). */
  LOG_LEVEL?: string;
  /** Per-principal limits, as on Node (`off`, or `pharmacy=50/200,…`); per isolate here. */
  RATE_LIMITS?: string;
}

// Bindings are fixed for the life of an isolate, so the app is built once per isolate.
let app: Promise<GatewayApp> | undefined;

const day = 24 * 60 * 60;

async function buildApp(env: WorkerEnv): Promise<GatewayApp> {
  const issuer = env.GATEWAY_ISSUER ?? "https://pharmagate.invalid";
  assertIssuerFits(issuer);
  const ttlSeconds = env.BARCODE_TTL_SECONDS ? Number(env.BARCODE_TTL_SECONDS) : 30 * day;
  if (!Number.isInteger(ttlSeconds) || ttlSeconds <= 0) throw new Error("BARCODE_TTL_SECONDS must be a positive integer");
  const exportLeaseSeconds = exportLeaseSetting(env.EXPORT_LEASE_SECONDS);
  // A Worker cannot write its own secrets: the key store is read-only, rotation is a redeploy of the secret.
  const keyStore = memoryKeyStore(parseSigningKeysSecret(env.SIGNING_KEYS), { writable: false });
  return createApp({
    runtime: "workers",
    db: d1Database(env.DB),
    queue: cloudflareQueuePublisher(env.EVENTS),
    clock: systemClock,
    logger: env.LOG_LEVEL === "silent" ? silentLogger : consoleLogger,
    config: {
      issuer,
      maxBodyBytes: 1024 * 1024,
      rateLimits: parseRateLimits(env.RATE_LIMITS),
      ...(exportLeaseSeconds ? { exportLeaseSeconds } : {}),
      ...(env.ADMIN_API_KEY ? { bootstrapAdminKeyHash: await sha256Hex(env.ADMIN_API_KEY) } : {}),
    },
    barcodes: {
      // The secret only changes with a new deployment, which starts new isolates: no refresh needed.
      keys: new SigningKeys(keyStore, { maxTokenTtlSeconds: ttlSeconds, refreshMs: Number.POSITIVE_INFINITY }),
      verifier: new BarcodeTokenVerifier(),
      ttlSeconds,
      reuseMinSeconds: Math.min(7 * day, Math.floor(ttlSeconds / 2)),
    },
    identity: identityKeySets(parsePinnedJwks(env.IDENTITY_JWKS)),
  });
}

/** Outbox rows older than this were not announced (a failed `send` after commit) and are re-sent. */
const strandedAfterMs = 60_000;

export default {
  async fetch(request, env, ctx) {
    app ??= buildApp(env);
    return (await app).fetch(request as unknown as Request, env, ctx) as unknown as ReturnType<
      NonNullable<ExportedHandler<WorkerEnv>["fetch"]>
    >;
  },

  /**
   * Moves announced outbox rows into the export queue (idempotent: a redelivered message moves
   * nothing twice). A message without a usable outbox id is acked and logged rather than retried:
   * retrying cannot fix it, it would hold back the good messages of its batch until the
   * dead-letter queue, and nothing is lost, since the scheduled handler re-announces any outbox
   * row still waiting. A database failure retries the rest with a delay; past `max_retries` they
   * go to the dead-letter queue (wrangler.toml) and the outbox row stays for the cron.
   */
  async queue(batch: MessageBatch<OutboxMessage>, env: WorkerEnv) {
    const logger = env.LOG_LEVEL === "silent" ? silentLogger : consoleLogger;
    const valid = batch.messages.filter((message) => Number.isSafeInteger(message.body?.outboxId) && message.body.outboxId > 0);
    const invalid = batch.messages.filter((message) => !valid.includes(message));
    for (const message of invalid) message.ack();
    if (invalid.length > 0) logger.error("queue.malformed_messages", { count: invalid.length, ids: invalid.map((message) => message.id) });
    if (valid.length === 0) return;
    try {
      await moveOutboxToExportQueue(d1Database(env.DB), valid.map((message) => message.body.outboxId));
      for (const message of valid) message.ack();
    } catch (error) {
      logger.error("queue.consume_failed", { count: valid.length, error: error instanceof Error ? error.message : String(error) });
      for (const message of valid) message.retry({ delaySeconds: 10 });
    }
  },

  async scheduled(_controller, env: WorkerEnv, _ctx: ExecutionContext) {
    const db = d1Database(env.DB);
    const stranded = await pendingOutboxIds(db, 1000, new Date(Date.now() - strandedAfterMs).toISOString());
    await cloudflareQueuePublisher(env.EVENTS).publish(stranded);
  },
} satisfies ExportedHandler<WorkerEnv, OutboxMessage>;
