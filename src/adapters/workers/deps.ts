import type { D1Database, Queue } from "@cloudflare/workers-types";
import { memoryKeyStore, parseSigningKeysSecret } from "../../barcode/memory-key-store.js";
import { SigningKeys } from "../../barcode/signing-keys.js";
import { assertIssuerFits, BarcodeTokenVerifier } from "../../barcode/token.js";
import { barcodeReuseMinSeconds, type Settings } from "../../core/config.js";
import type { AppDeps } from "../../core/deps.js";
import { workersClientAddress } from "../client-address.js";
import { consoleLogger, silentLogger } from "../console-logger.js";
import { identityKeySets, parsePinnedJwks } from "../identity/key-sets.js";
import { openIdRelyingParty } from "../identity/openid-relying-party.js";
import { memoryRateLimiter } from "../memory-rate-limiter.js";
import { cloudflareRateLimiter } from "./rate-limit-binding.js";
import { cloudflareQueuePublisher, type OutboxMessage } from "../queue/cloudflare-queue.js";
import { d1Database } from "../storage/d1.js";
import { insurerBindings, insurerDatabases } from "../storage/insurer-databases.js";
import { systemClock } from "../system-clock.js";
import { sha256Hex } from "../../bvac/sha256.js";

/**
 * The bindings the Worker needs besides its settings (vars and secrets, read by core/config.ts).
 * Optional: `RATE_LIMIT_<AUDIENCE>` Rate Limiting bindings (rate-limit-binding.ts) and
 * `DB_INSURER_<code prefix>` D1 bindings (per-insurer databases, storage/insurer-databases.ts).
 */
export interface WorkerBindings {
  DB: D1Database;
  EVENTS: Queue<OutboxMessage>;
}

/** The shared database and every `DB_INSURER_<prefix>` binding, each wrapped once. */
export function workerDatabases(bindings: WorkerBindings & Readonly<Record<string, unknown>>) {
  const byPrefix = new Map([...insurerBindings<D1Database>(bindings)].map(([prefix, binding]) => [prefix, d1Database(binding)] as const));
  return insurerDatabases(d1Database(bindings.DB), byPrefix);
}

export const workerLogger = (settings: Settings) => (settings.logLevel === "silent" ? silentLogger : consoleLogger);

/** The app's ports on Workers: D1, Cloudflare Queues, keys from the `SIGNING_KEYS` secret, no PNG. */
export async function workerDeps(bindings: WorkerBindings & Readonly<Record<string, unknown>>, settings: Settings): Promise<AppDeps> {
  assertIssuerFits(settings.issuer);
  const ttlSeconds = settings.barcodeTtlSeconds;
  // A Worker cannot write its own secrets: the key store is read-only, rotation is a redeploy of the secret.
  const keyStore = memoryKeyStore(parseSigningKeysSecret(settings.signingKeys), { writable: false });
  const databases = workerDatabases(bindings);
  return {
    runtime: "workers",
    db: databases.shared,
    databases,
    queue: cloudflareQueuePublisher(bindings.EVENTS),
    clock: systemClock,
    logger: workerLogger(settings),
    config: {
      issuer: settings.issuer,
      maxBodyBytes: settings.maxBodyBytes,
      exportLeaseSeconds: settings.exportLeaseSeconds,
      memberSessions: settings.memberSessions,
      publicUrl: settings.publicUrl,
      retentionDays: settings.retentionDays,
      // Each key look-up is a D1 round trip; a revoked key is forgotten at once by the isolate that
      // revoked it and within this many seconds by the others.
      apiKeyCacheSeconds: 30,
      ...(settings.adminKey ? { bootstrapAdminKeyHash: sha256Hex(settings.adminKey) } : {}),
    },
    barcodes: {
      // The secret only changes with a new deployment, which starts new isolates: no refresh needed.
      keys: new SigningKeys(keyStore, { maxTokenTtlSeconds: ttlSeconds, refreshMs: Number.POSITIVE_INFINITY }),
      verifier: new BarcodeTokenVerifier(),
      ttlSeconds,
      reuseMinSeconds: barcodeReuseMinSeconds(ttlSeconds),
    },
    identity: identityKeySets(parsePinnedJwks(settings.identityJwks)),
    // Cloudflare's Rate Limiting bindings where configured; elsewhere one limiter per isolate,
    // a brake rather than a guarantee (docs/proof.md).
    rateLimiter: cloudflareRateLimiter(bindings, memoryRateLimiter(settings.rateLimits, systemClock)),
    clientAddress: workersClientAddress,
    renderPng: null,
    openId: openIdRelyingParty(),
  };
}
