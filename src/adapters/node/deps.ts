import { chmodSync, existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { JSONWebKeySet } from "jose";
import { memoryKeyStore } from "../../barcode/memory-key-store.js";
import { SigningKeys, type KeyStore } from "../../barcode/signing-keys.js";
import { assertIssuerFits, BarcodeTokenVerifier } from "../../barcode/token.js";
import { barcodeReuseMinSeconds, defaultSettings, type MemberSessionPolicy, type RateLimits, type Settings } from "../../core/config.js";
import { openIdRelyingParty } from "../identity/openid-relying-party.js";
import type { AppDeps } from "../../core/deps.js";
import type { Clock, Logger } from "../../core/ports.js";
import { devIssuer, publicKeySet } from "../identity/dev-issuer.js";
import { identityKeySets, parsePinnedJwks } from "../identity/key-sets.js";
import { nodeClientAddress } from "../client-address.js";
import { memoryRateLimiter } from "../memory-rate-limiter.js";
import { startOutboxDispatcher } from "../queue/outbox-dispatcher.js";
import { applyMigrations } from "../storage/migrate.js";
import { openSqlite } from "../storage/sqlite.js";
import { insurerDatabases } from "../storage/insurer-databases.js";
import { systemClock } from "../system-clock.js";
import { loadOrCreateDevIssuerKey, devIssuerKid } from "./dev-issuer-key.js";
import { fileKeyStore } from "./file-key-store.js";
import { privateDir, privateExistingFile } from "./private-files.js";
import { renderPngNode } from "./png-renderer.js";
import { readRedocBundle } from "./reference-assets.js";
import { sha256Hex } from "../../bvac/sha256.js";

export const migrationsDir = fileURLToPath(new URL("../../../migrations", import.meta.url));

/** What the Node runtime is opened with; every setting left out takes its default from core/config.ts. */
export interface NodeDepsOptions {
  /** SQLite file, or `:memory:` for tests. */
  filename: string;
  issuer: string;
  logger: Logger;
  clock?: Clock;
  adminKey?: string | undefined;
  dispatcherPollMs?: number;
  rateLimits?: RateLimits;
  /** The header a trusted reverse proxy puts the client's address in; default: the socket's peer. */
  clientAddressHeader?: string | undefined;
  groupCommit?: boolean;
  /** Commits in a worker thread (file databases only; SQLITE_WRITER_THREAD, on for the server). Off unless asked: tests and the CLI. */
  writerThread?: boolean;
  /** Where signing keys (and the demo issuer's key) live; without it keys are kept in memory. */
  dataDir?: string;
  /** Overrides the key store (tests). */
  keyStore?: KeyStore;
  /** Demo mode: trust the built-in development issuer (its key under `dataDir`). */
  demo?: boolean;
  /** Identity providers' JWKS pinned by URL, resolved without HTTP (tests, pinned providers). */
  localJwks?: Record<string, JSONWebKeySet>;
  barcodeTtlSeconds?: number;
  exportLeaseSeconds?: number;
  maxBodyBytes?: number;
  memberSessions?: MemberSessionPolicy;
  publicUrl?: string | undefined;
  retentionDays?: number;
}

/** The signing keys (created on first start) and the identity providers' key sets. */
async function barcodeAndIdentity(options: NodeDepsOptions, ttlSeconds: number, clock: Clock): Promise<Pick<AppDeps, "barcodes" | "identity">> {
  const store = options.keyStore ?? (options.dataDir ? fileKeyStore(options.dataDir) : memoryKeyStore());
  // A CLI rotation in another process is picked up within `refreshMs`.
  const keys = new SigningKeys(store, { maxTokenTtlSeconds: ttlSeconds, refreshMs: 10_000 });
  await keys.ensureKey(clock.now());
  const local = { ...options.localJwks };
  if (options.demo && options.dataDir) {
    local[devIssuer.jwksUrl] = publicKeySet(await loadOrCreateDevIssuerKey(options.dataDir), devIssuerKid);
  }
  return {
    barcodes: { keys, verifier: new BarcodeTokenVerifier(), ttlSeconds, reuseMinSeconds: barcodeReuseMinSeconds(ttlSeconds) },
    identity: identityKeySets(local),
  };
}

/** Opens the database (migrated), starts the outbox dispatcher and returns the app's ports. */
export async function openNodeDeps(options: NodeDepsOptions): Promise<{ deps: AppDeps; close(): Promise<void> }> {
  const defaults = defaultSettings("node");
  assertIssuerFits(options.issuer);
  const db = openSqlite(options.filename, {
    groupCommit: options.groupCommit ?? defaults.groupCommit,
    writerThread: options.writerThread ?? false,
  });
  applyMigrations(db.raw, migrationsDir);
  const queue = startOutboxDispatcher(db, options.logger, options.dispatcherPollMs);
  const clock = options.clock ?? systemClock;
  const deps: AppDeps = {
    runtime: "node",
    db,
    // One SQLite file holds every insurer.
    databases: insurerDatabases(db),
    queue,
    clock,
    logger: options.logger,
    config: {
      issuer: options.issuer,
      maxBodyBytes: options.maxBodyBytes ?? defaults.maxBodyBytes,
      exportLeaseSeconds: options.exportLeaseSeconds ?? defaults.exportLeaseSeconds,
      memberSessions: options.memberSessions ?? defaults.memberSessions,
      publicUrl: options.publicUrl,
      retentionDays: options.retentionDays ?? defaults.retentionDays,
      ...(options.adminKey ? { bootstrapAdminKeyHash: sha256Hex(options.adminKey) } : {}),
    },
    rateLimiter: memoryRateLimiter(options.rateLimits ?? defaults.rateLimits, clock),
    clientAddress: nodeClientAddress(options.clientAddressHeader),
    renderPng: renderPngNode,
    openId: openIdRelyingParty(),
    referenceScript: readRedocBundle,
    ...(await barcodeAndIdentity(options, options.barcodeTtlSeconds ?? defaults.barcodeTtlSeconds, clock)),
  };
  return {
    deps,
    async close() {
      await queue.stop();
      await db.close();
    },
  };
}

/** The gateway's ports for the data directory and settings the environment names (server and CLI alike). */
export function openConfiguredNodeDeps(settings: Settings, logger: Logger): Promise<{ deps: AppDeps; close(): Promise<void> }> {
  const dataDir = resolve(settings.dataDir);
  privateDir(dataDir);
  const filename = join(dataDir, "pharmagate.sqlite");
  privateExistingFile(filename);
  for (const companion of [`${filename}-wal`, `${filename}-shm`]) if (existsSync(companion)) chmodSync(companion, 0o600);
  return openNodeDeps({
    filename,
    issuer: settings.issuer,
    logger,
    adminKey: settings.adminKey,
    rateLimits: settings.rateLimits,
    clientAddressHeader: settings.clientAddressHeader,
    groupCommit: settings.groupCommit,
    writerThread: settings.writerThread,
    dataDir,
    demo: settings.demo,
    localJwks: parsePinnedJwks(settings.identityJwks),
    barcodeTtlSeconds: settings.barcodeTtlSeconds,
    exportLeaseSeconds: settings.exportLeaseSeconds,
    maxBodyBytes: settings.maxBodyBytes,
    memberSessions: settings.memberSessions,
    publicUrl: settings.publicUrl,
    retentionDays: settings.retentionDays,
  });
}
