/**
 * Offline checks of member barcodes for pharmacy software: a cached JWKS and a cached status list
 * of issued tokens, each with its freshness (fresh / stale-but-usable / expired) and last sync time,
 * so a POS can keep checking cards while the network is down and say how current its data is.
 */
import { compactVerify, decodeProtectedHeader, importJWK, jwtVerify, type JWK } from "jose";
import type { FetchLike } from "../retry.js";

export type Freshness = "fresh" | "stale" | "expired" | "never";

export interface CacheState {
  freshness: Freshness;
  /** When the data was last fetched (or confirmed unchanged), ISO-8601; null before the first sync. */
  lastSync: string | null;
  /** Until when it counts as fresh. */
  freshUntil: string | null;
}

export interface OfflineVerifierOptions {
  baseUrl: string;
  fetch?: FetchLike;
  now?: () => Date;
  /** How long past freshness the cached data is still used, flagged stale (default 24 h). After that it is expired. */
  staleForSeconds?: number;
  /** The gateway's issuer id (`iss`); when given, tokens naming another issuer are refused. */
  issuer?: string;
}

export type OfflineRefusal = "invalid_format" | "bad_signature" | "unknown_kid" | "expired" | "not_yet_valid" | "revoked" | "keys_expired" | "status_list_expired";

export interface OfflineVerification {
  valid: boolean;
  reason?: OfflineRefusal;
  /** The 14-digit id, when the signature held. */
  id?: string;
  /** Revocation as known offline: checked against the list, or unknown (token without an index, or no list yet). */
  revocation: "not_revoked" | "revoked" | "unknown";
  keys: CacheState;
  statusList: CacheState;
}

const maxAgeOf = (cacheControl: string | null): number | undefined => {
  const match = /(?:^|,)\s*max-age=(\d+)/i.exec(cacheControl ?? "");
  return match ? Number(match[1]) : undefined;
};

function fromBase64url(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text.replaceAll("-", "+").replaceAll("_", "/"));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

async function inflate(bytes: Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** The status index a barcode's jti carries: its first 4 bytes, big-endian (16-character jtis only). */
export function statusIndexOfJti(jti: string): number | undefined {
  if (!/^[A-Za-z0-9_-]{16}$/.test(jti)) return undefined;
  const bytes = fromBase64url(jti);
  return new DataView(bytes.buffer).getUint32(0);
}

export class OfflineVerifier {
  private keys: JWK[] = [];
  private keysSync: { at: number; freshUntil: number } | null = null;
  private status: { bits: Uint8Array; size: number; etag: string | null; at: number; freshUntil: number } | null = null;
  private readonly fetch: FetchLike;
  private readonly now: () => Date;
  private readonly staleMs: number;

  constructor(private readonly options: OfflineVerifierOptions) {
    this.fetch = options.fetch ?? ((request) => globalThis.fetch(request));
    this.now = options.now ?? (() => new Date());
    this.staleMs = (options.staleForSeconds ?? 86_400) * 1000;
  }

  private url(path: string): string {
    return new URL(path.replace(/^\//, ""), this.options.baseUrl.endsWith("/") ? this.options.baseUrl : `${this.options.baseUrl}/`).toString();
  }

  private state(sync: { at: number; freshUntil: number } | null): CacheState {
    if (!sync) return { freshness: "never", lastSync: null, freshUntil: null };
    const now = this.now().getTime();
    const freshness: Freshness = now < sync.freshUntil ? "fresh" : now < sync.freshUntil + this.staleMs ? "stale" : "expired";
    return { freshness, lastSync: new Date(sync.at).toISOString(), freshUntil: new Date(sync.freshUntil).toISOString() };
  }

  get keysState(): CacheState {
    return this.state(this.keysSync);
  }

  get statusListState(): CacheState {
    return this.state(this.status);
  }

  /** Fetches the JWKS; its Cache-Control max-age says how long it stays fresh (default 5 min). */
  async refreshKeys(): Promise<void> {
    const response = await this.fetch(new Request(this.url("/.well-known/jwks.json")));
    if (!response.ok) throw new Error(`JWKS: HTTP ${response.status}`);
    const body = (await response.json()) as { keys?: JWK[] };
    const at = this.now().getTime();
    this.keys = body.keys ?? [];
    this.keysSync = { at, freshUntil: at + (maxAgeOf(response.headers.get("Cache-Control")) ?? 300) * 1000 };
  }

  /**
   * Fetches the status list, sending the last ETag: an unchanged list costs a 304 and only renews
   * its freshness. The list's signature is checked against the cached JWKS (refresh keys first).
   */
  async refreshStatusList(): Promise<void> {
    const headers: Record<string, string> = {};
    if (this.status?.etag) headers["If-None-Match"] = this.status.etag;
    const response = await this.fetch(new Request(this.url("/v1/status-list"), { headers }));
    const at = this.now().getTime();
    if (response.status === 304 && this.status) {
      const ttl = maxAgeOf(response.headers.get("Cache-Control")) ?? 300;
      this.status = { ...this.status, at, freshUntil: at + ttl * 1000 };
      return;
    }
    if (!response.ok) throw new Error(`status list: HTTP ${response.status}`);
    const jwt = await response.text();
    const { kid } = decodeProtectedHeader(jwt);
    let payload: { ttl?: number; status_list?: { bits?: number; lst?: string; size?: number } } | undefined;
    for (const jwk of this.keys.filter((key) => key.kid === kid)) {
      try {
        const verified = await jwtVerify(jwt, await importJWK(jwk, "EdDSA"), { typ: "statuslist+jwt", currentDate: this.now() });
        payload = verified.payload as typeof payload;
        break;
      } catch {
        // Another key with the same kid may be the right one.
      }
    }
    if (!payload?.status_list?.lst || payload.status_list.bits !== 1) throw new Error("status list: signature or format not accepted");
    const bits = await inflate(fromBase64url(payload.status_list.lst));
    this.status = { bits, size: Math.min(payload.status_list.size ?? bits.length * 8, bits.length * 8), etag: response.headers.get("ETag"), at, freshUntil: at + (payload.ttl ?? 300) * 1000 };
  }

  /** Both, keys first (the list is verified with them). */
  async refresh(): Promise<void> {
    await this.refreshKeys();
    await this.refreshStatusList();
  }

  /**
   * Checks a scanned `AP1:` barcode with what is cached: the signature against every cached key with
   * the token's kid, the lifetime, then its bit in the status list. Stale data is used and reported
   * as such; expired keys or an expired list refuse the token (check online instead).
   */
  async verify(scanned: string): Promise<OfflineVerification> {
    const keys = this.keysState;
    const statusList = this.statusListState;
    const answer = (valid: boolean, revocation: OfflineVerification["revocation"], reason?: OfflineRefusal, id?: string): OfflineVerification => ({
      valid,
      revocation,
      keys,
      statusList,
      ...(reason ? { reason } : {}),
      ...(id ? { id } : {}),
    });
    const jws = scanned.trim().replace(/^AP1:/, "");
    if (keys.freshness === "expired" || keys.freshness === "never") return answer(false, "unknown", "keys_expired");
    let kid: string | undefined;
    try {
      kid = decodeProtectedHeader(jws).kid;
    } catch {
      return answer(false, "unknown", "invalid_format");
    }
    const candidates = this.keys.filter((key) => key.kid === kid);
    if (candidates.length === 0) return answer(false, "unknown", "unknown_kid");
    let claims: { sub?: string; jti?: string; iat?: number; exp?: number; iss?: string } | undefined;
    for (const jwk of candidates) {
      try {
        const { payload } = await compactVerify(jws, await importJWK(jwk, "EdDSA"));
        claims = JSON.parse(new TextDecoder().decode(payload)) as typeof claims;
        break;
      } catch {
        // Try the next key with this kid (two keys may share a kid across a botched rotation).
      }
    }
    if (!claims || typeof claims.sub !== "string" || typeof claims.jti !== "string") return answer(false, "unknown", "bad_signature");
    if (this.options.issuer !== undefined && claims.iss !== this.options.issuer) return answer(false, "unknown", "bad_signature");
    const nowSeconds = this.now().getTime() / 1000;
    if (typeof claims.exp !== "number" || claims.exp <= nowSeconds) return answer(false, "unknown", "expired", claims.sub);
    if (typeof claims.iat === "number" && claims.iat > nowSeconds + 60) return answer(false, "unknown", "not_yet_valid", claims.sub);

    if (statusList.freshness === "expired") return answer(false, "unknown", "status_list_expired", claims.sub);
    const index = statusIndexOfJti(claims.jti);
    if (!this.status || index === undefined || index >= this.status.size) return answer(true, "unknown", undefined, claims.sub);
    const revoked = ((this.status.bits[index >> 3] ?? 0) >> (index & 7)) & 1;
    return revoked ? answer(false, "revoked", "revoked", claims.sub) : answer(true, "not_revoked", undefined, claims.sub);
  }
}
