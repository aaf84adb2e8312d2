import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { JSONWebKeySet } from "jose";
import { memoryKeyStore } from "../../barcode/memory-key-store.js";
import { SigningKeys, type KeyStore } from "../../barcode/signing-keys.js";
import { assertIssuerFits, BarcodeTokenVerifier } from "../../barcode/token.js";
import { devIssuer, publicKeySet } from "../identity/dev-issuer.js";
import { identityKeySets } from "../identity/key-sets.js";
import { loadOrCreateDevIssuerKey, devIssuerKid } from "./dev-issuer-key.js";
import { fileKeyStore } from "./file-key-store.js";
import { renderPngNode } from "./png-renderer.js";
import { sha256Hex } from "../../gateway/auth/api-key-material.js";
import type { AppDeps } from "../../gateway/env.js";
import type { NodeConfig } from "./config.js";
import type { RateLimits } from "../../gateway/middleware/rate-limit.js";
import { systemClock, type Clock, type Logger } from "../../gateway/ports.js";
import { startOutboxDispatcher } from "../queue/outbox-dispatcher.js";
import { applyMigrations } from "../storage/migrate.js";
import { openSqlite } from "../storage/sqlite.js";

export const migrationsDir = fileURLToPath(new URL("../../../migrations", import.meta.url));

export interface NodeDepsOptions {
  /** SQLite file, or `:memory:` for tests. */
  filename: string;
  issuer: string;
  logger: Logger;
  clock?: Clock;
  adminKey?: string | undefined;
  dispatcherPollMs?: number;
  rateLimits?: RateLimits;
  groupCommit?: boolean;
  /** Where signing keys (and the demo issuer's key) live; without it keys are kept in memory. */
  dataDir?: string;
  /** Overrides the key store (tests). */
  keyStore?: KeyStore;
  /** Demo mode: trust the built-in development issuer (its key under `dataDir`). */
  demo?: boolean;
  /** Identity providers' JWKS pinned by URL, resolved without HTTP (tests, pinned providers). */
  localJwks?: Record<string, JSONWebKeySet>;
  /** Lifetime of a barcode token (default 30 days). */
  barcodeTtlSeconds?: number;
  /** Default lease of an insurer export batch (default 300 s). */
  exportLeaseSeconds?: number | undefined;
}

const day = 24 * 60 * 60;

/** The signing keys (created on first start) and the identity providers' key sets. */
async function barcodeAndIdentity(options: NodeDepsOptions, clock: Clock): Promise<Pick<AppDeps, "barcodes" | "identity">> {
  const ttlSeconds = options.barcodeTtlSeconds ?? 30 * day;
  const store = options.keyStore ?? (options.dataDir ? fileKeyStore(options.dataDir) : memoryKeyStore());
  // A CLI rotation in another process is picked up within `refreshMs`.
  const keys = new SigningKeys(store, { maxTokenTtlSeconds: ttlSeconds, refreshMs: 10_000 });
  await keys.ensureKey(clock.now());
  const local = { ...options.localJwks };
  if (options.demo && options.dataDir) {
    local[devIssuer.jwksUrl] = publicKeySet(await loadOrCreateDevIssuerKey(options.dataDir), devIssuerKid);
  }
  return {
    barcodes: {
      keys,
      verifier: new BarcodeTokenVerifier(),
      ttlSeconds,
      reuseMinSeconds: Math.min(7 * day, Math.floor(ttlSeconds / 2)),
      renderPng: renderPngNode,
    },
    identity: identityKeySets(local),
  };
}

/** Opens the database (migrated), starts the outbox dispatcher and returns the app's ports. */
export async function openNodeDeps(options: NodeDepsOptions): Promise<{ deps: AppDeps; close(): Promise<void> }> {
  assertIssuerFits(options.issuer);
  const db = openSqlite(options.filename, { groupCommit: options.groupCommit ?? true });
  applyMigrations(db.raw, migrationsDir);
  const queue = startOutboxDispatcher(db, options.logger, options.dispatcherPollMs);
  const clock = options.clock ?? systemClock;
  const deps: AppDeps = {
    runtime: "node",
    db,
    queue,
    clock,
    logger: options.logger,
    config: {
      issuer: options.issuer,
      maxBodyBytes: 1024 * 1024,
      ...(options.rateLimits ? { rateLimits: options.rateLimits } : {}),
      ...(options.exportLeaseSeconds ? { exportLeaseSeconds: options.exportLeaseSeconds } : {}),
      ...(options.adminKey ? { bootstrapAdminKeyHash: await sha256Hex(options.adminKey) } : {}),
    },
    ...(await barcodeAndIdentity(options, clock)),
  };
  return {
    deps,
    async close() {
      await queue.stop();
      db.close();
    },
  };
}

/** The gateway's ports for the data directory and settings the environment names (server and CLI alike). */
export function openConfiguredNodeDeps(config: NodeConfig, logger: Logger): Promise<{ deps: AppDeps; close(): Promise<void> }> {
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  return openNodeDeps({
    filename: join(config.dataDir, "pharmagate.sqlite"),
    issuer: config.issuer,
    logger,
    adminKey: config.adminKey,
    rateLimits: config.rateLimits,
    groupCommit: config.groupCommit,
    dataDir: config.dataDir,
    demo: config.demo,
    exportLeaseSeconds: config.exportLeaseSeconds,
  });
}
