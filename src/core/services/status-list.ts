import { encodeStatusBits, signStatusList } from "../../barcode/status-list.js";
import type { AppDeps } from "../deps.js";
import { ApiError } from "../errors.js";
import { statusListState } from "../store/status-list.js";

/** How long a verifier may trust a fetched list; also its Cache-Control max-age. */
export const statusListTtlSeconds = 300;
export const statusListPath = "/v1/status-list";

/**
 * The signed status list of issued barcode tokens, and an ETag of its content: a verifier that
 * sends it back in If-None-Match gets a 304 and no download while nothing was issued or revoked.
 */
export async function publishedStatusList(deps: Pick<AppDeps, "barcodes" | "clock" | "config" | "databases">): Promise<{ jwt: string; etag: string }> {
  const now = deps.clock.now();
  const signer = (await deps.barcodes.keys.ring(now)).signer();
  if (!signer) throw new ApiError("unavailable", "No barcode signing key is configured.");
  // The index counter is shared; revoked tokens are in each insurer's database (read in parallel).
  const states = await Promise.all(deps.databases.all().map((db) => statusListState(db)));
  const size = states[0]?.size ?? 0;
  const revoked = states.flatMap((state) => state.revoked);
  const lst = await encodeStatusBits(size, revoked);
  const iat = Math.floor(now.getTime() / 1000);
  const jwt = await signStatusList(signer, {
    sub: `${deps.config.issuer}${statusListPath}`,
    iss: deps.config.issuer,
    iat,
    exp: iat + statusListTtlSeconds,
    ttl: statusListTtlSeconds,
    status_list: { bits: 1, lst, size },
  });
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(`${signer.kid}:${size}:${lst}`)));
  const etag = `"${[...digest.slice(0, 12)].map((b) => b.toString(16).padStart(2, "0")).join("")}"`;
  return { jwt, etag };
}
