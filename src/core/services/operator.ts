import { RotationUnsupportedError } from "../../barcode/signing-keys.js";
import type { AppDeps } from "../deps.js";
import { ApiError } from "../errors.js";
import { revokeApiKey } from "../store/api-keys.js";
import { forgetApiKey } from "./sign-in.js";
import { listParked, requeueParked, type ParkedEntry } from "../store/exports.js";

/** The operator's maintenance operations; the admin routes and the CLI both call these. */

export async function revokeKey(deps: Pick<AppDeps, "db" | "clock" | "config">, keyId: string): Promise<{ keyId: string; revokedAt: string }> {
  const revokedAt = deps.clock.now().toISOString();
  if (!(await revokeApiKey(deps.db, keyId, revokedAt))) throw new ApiError("not_found", `No active key ${keyId}.`);
  forgetApiKey(deps, keyId);
  return { keyId, revokedAt };
}

export type { ParkedEntry };

/** Export entries parked after too many unacknowledged leases, oldest first. */
/**
 * Parked entries: of one insurer (in its database), or without a filter those of the shared
 * database. Entry ids are per database, so an insurer with its own database is listed, and its
 * entries requeued, by naming it (docs/scale.md).
 */
export function parkedEntries(deps: Pick<AppDeps, "db" | "databases">, filter: { insurer?: string | undefined; limit: number; afterId: number }): Promise<ParkedEntry[]> {
  const db = filter.insurer ? deps.databases.databaseFor(filter.insurer) : deps.db;
  return listParked(db, { limit: filter.limit, afterId: filter.afterId, ...(filter.insurer ? { insurer: filter.insurer } : {}) });
}

/** Back in its insurer's queue with a fresh attempt count. */
export async function requeueParkedEntry(deps: Pick<AppDeps, "db" | "databases">, entryId: number, insurer?: string): Promise<{ entryId: number; requeued: true }> {
  if (!(await requeueParked(insurer ? deps.databases.databaseFor(insurer) : deps.db, entryId))) throw new ApiError("not_found", `No parked entry ${entryId}.`);
  return { entryId, requeued: true };
}

export interface SigningKeyListing {
  current: string | null;
  keys: Array<{ kid: string; createdAt: string; retiredAt: string | null; published: boolean }>;
}

/** Starts signing with a new key; earlier tokens keep verifying until they expire. */
export async function rotateSigningKey(deps: Pick<AppDeps, "barcodes" | "clock" | "logger">): Promise<SigningKeyListing> {
  try {
    await deps.barcodes.keys.rotate(deps.clock.now());
  } catch (error) {
    if (error instanceof RotationUnsupportedError) {
      throw new ApiError(
        "not_implemented",
        "Signing keys on Workers come from the SIGNING_KEYS secret: rotate with `npm run cli -- keys secret` and `wrangler secret put` (docs/barcode.md).",
      );
    }
    throw error;
  }
  const now = deps.clock.now();
  const ring = await deps.barcodes.keys.ring(now);
  const current = ring.signer()?.kid ?? null;
  deps.logger.info("signing_key.rotated", { kid: current });
  return { current, keys: ring.describe(now) };
}
