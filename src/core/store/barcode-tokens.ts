import type { Database, Statement } from "../ports.js";

export interface BarcodeTokenRecord {
  jti: string;
  insurer: string;
  key1: string;
  kid: string;
  /** UTC ISO-8601, whole seconds (the token's `iat`). */
  issuedAt: string;
  /** UTC ISO-8601, whole seconds (the token's `exp`). */
  expiresAt: string;
  /** Its bit in the published status list (carried in the jti); absent for tokens issued before migration 0011. */
  statusIdx?: number;
}

interface TokenRow {
  jti: string;
  insurer: string;
  key1: string;
  kid: string;
  issued_at: string;
  expires_at: string;
}

const toRecord = (row: TokenRow): BarcodeTokenRecord => ({
  jti: row.jti,
  insurer: row.insurer,
  key1: row.key1,
  kid: row.kid,
  issuedAt: row.issued_at,
  expiresAt: row.expires_at,
});

export function insertBarcodeToken(token: BarcodeTokenRecord): Statement {
  return {
    sql: "INSERT INTO barcode_tokens (jti, insurer, key1, kid, issued_at, expires_at, status_idx) VALUES (?, ?, ?, ?, ?, ?, ?)",
    params: [token.jti, token.insurer, token.key1, token.kid, token.issuedAt, token.expiresAt, token.statusIdx ?? null],
  };
}

/** The member's newest unrevoked token signed with `kid` that is still valid at `validUntil`. */
export async function findReusableBarcodeToken(
  db: Database,
  member: { insurer: string; key1: string },
  kid: string,
  validUntil: string,
): Promise<BarcodeTokenRecord | null> {
  const row = await db.first<TokenRow>(
    `SELECT jti, insurer, key1, kid, issued_at, expires_at FROM barcode_tokens
      WHERE insurer = ? AND key1 = ? AND kid = ? AND revoked_at IS NULL AND expires_at > ?
      ORDER BY expires_at DESC LIMIT 1`,
    [member.insurer, member.key1, kid, validUntil],
  );
  return row ? toRecord(row) : null;
}

/**
 * Whether a token may no longer be used: revoked, or never handed out by this gateway for that
 * member (a signature we made but have no record of is not trusted).
 */
export async function isBarcodeTokenBlocked(db: Database, jti: string, member: { insurer: string; key1: string }): Promise<boolean> {
  const row = await db.first<{ revoked_at: string | null }>(
    "SELECT revoked_at FROM barcode_tokens WHERE jti = ? AND insurer = ? AND key1 = ?",
    [jti, member.insurer, member.key1],
  );
  return row === null || row.revoked_at !== null;
}

/** Revokes every token of the member that is not already revoked or expired. */
export function revokeMemberBarcodeTokens(member: { insurer: string; key1: string }, now: string): Statement {
  return {
    sql: "UPDATE barcode_tokens SET revoked_at = ? WHERE insurer = ? AND key1 = ? AND revoked_at IS NULL AND expires_at > ?",
    params: [now, member.insurer, member.key1, now],
  };
}

/** Blocks the member's 14 digits (every card ever printed carries the same); a block already in place keeps its date. */
export function blockLegacyBarcode(member: { insurer: string; key1: string }, now: string): Statement {
  return {
    sql: "INSERT INTO legacy_barcode_blocks (insurer, key1, blocked_at) VALUES (?, ?, ?) ON CONFLICT (insurer, key1) DO NOTHING",
    params: [member.insurer, member.key1, now],
  };
}

export function liftLegacyBarcodeBlock(member: { insurer: string; key1: string }): Statement {
  return { sql: "DELETE FROM legacy_barcode_blocks WHERE insurer = ? AND key1 = ?", params: [member.insurer, member.key1] };
}

/** Since when the member's 14 digits are refused, or null when they are not. */
export async function legacyBarcodeBlockedSince(db: Database, member: { insurer: string; key1: string }): Promise<string | null> {
  const row = await db.first<{ blocked_at: string }>("SELECT blocked_at FROM legacy_barcode_blocks WHERE insurer = ? AND key1 = ?", [member.insurer, member.key1]);
  return row?.blocked_at ?? null;
}
