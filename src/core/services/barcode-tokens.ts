import {
  findReusableBarcodeToken,
  insertBarcodeToken,
  isBarcodeTokenBlocked,
  revokeMemberBarcodeTokens,
  type BarcodeTokenRecord,
} from "../store/barcode-tokens.js";
import { run } from "../store/sql.js";
import { signBarcodeText, type BarcodeClaims, type TokenVerification } from "../../barcode/token.js";
import { jtiWithStatusIndex } from "../../barcode/status-list.js";
import { allocateStatusIndex } from "../store/status-list.js";
import type { KeyRing } from "../../barcode/key-ring.js";
import { ApiError } from "../errors.js";
import type { MemberPrincipal } from "../principal.js";
import { findMemberProfile, type MemberProfile } from "../store/member-profile.js";
import { resolveSubject } from "./member-subject.js";
import type { AppDeps } from "../deps.js";

export interface MemberRef {
  insurer: string;
  key1: string;
}

/** The 14-digit id split into insurer code and key1. */
export const splitBarcodeId = (id: string): MemberRef => ({ insurer: id.slice(0, 4), key1: id.slice(4) });

/** Verifies a compact JWS (scanned text without `AP1:`) against the ring, the clock and revocations. */
export async function verifySignedBarcode(deps: Pick<AppDeps, "barcodes" | "clock" | "config" | "db">, jws: string): Promise<TokenVerification> {
  const now = deps.clock.now();
  const ring = await deps.barcodes.keys.ring(now);
  return deps.barcodes.verifier.verify(jws, {
    ring,
    issuer: deps.config.issuer,
    now,
    isRevoked: (claims) => isBarcodeTokenBlocked(deps.db, claims.jti, splitBarcodeId(claims.sub)),
  });
}

export interface IssuedBarcode {
  /** The scanned text, `AP1:` + compact JWS. */
  text: string;
  /** The legacy 14-digit id (insurer code + key1), what Code 128 carries. */
  id: string;
  kid: string;
  jti: string;
  issuedAt: string;
  expiresAt: string;
}

const isoSeconds = (seconds: number) => new Date(seconds * 1000).toISOString();

async function currentRing(deps: Pick<AppDeps, "barcodes">, now: Date): Promise<{ ring: KeyRing; signer: NonNullable<ReturnType<KeyRing["signer"]>> }> {
  const ring = await deps.barcodes.keys.ring(now);
  const signer = ring.signer();
  if (!signer) throw new ApiError("unavailable", "No barcode signing key is configured.");
  return { ring, signer };
}

/** Re-signs a stored token: Ed25519 is deterministic, so this is the text handed out before. */
async function textOf(deps: Pick<AppDeps, "barcodes" | "config">, ring: KeyRing, token: BarcodeTokenRecord): Promise<IssuedBarcode> {
  const signer = ring.signer();
  if (!signer || signer.kid !== token.kid) throw new Error("token kid is not the current key");
  const claims: BarcodeClaims = {
    sub: token.insurer + token.key1,
    jti: token.jti,
    iat: Date.parse(token.issuedAt) / 1000,
    exp: Date.parse(token.expiresAt) / 1000,
    iss: deps.config.issuer,
  };
  return { text: await signBarcodeText(signer, claims), id: claims.sub, kid: token.kid, jti: token.jti, issuedAt: token.issuedAt, expiresAt: token.expiresAt };
}

/** A new token, with the next status-list index (carried in its jti) so it can be checked offline. */
async function newTokenRecord(deps: Pick<AppDeps, "barcodes" | "db">, member: MemberRef, kid: string, now: Date): Promise<BarcodeTokenRecord> {
  const iat = Math.floor(now.getTime() / 1000);
  const statusIdx = await allocateStatusIndex(deps.db);
  return { jti: jtiWithStatusIndex(statusIdx), statusIdx, ...member, kid, issuedAt: isoSeconds(iat), expiresAt: isoSeconds(iat + deps.barcodes.ttlSeconds) };
}

/**
 * The member's barcode: the newest stored token when it is unrevoked, signed by the current key
 * and valid for at least `reuseMinSeconds` more (so a phone and a printed card show the same code),
 * otherwise a new token, recorded before it is handed out.
 */
export async function memberBarcode(deps: Pick<AppDeps, "barcodes" | "config" | "db" | "clock">, member: MemberRef): Promise<IssuedBarcode> {
  const now = deps.clock.now();
  const { ring, signer } = await currentRing(deps, now);
  const reusableUntil = new Date(now.getTime() + deps.barcodes.reuseMinSeconds * 1000).toISOString();
  const stored = await findReusableBarcodeToken(deps.db, member, signer.kid, reusableUntil);
  if (stored) return textOf(deps, ring, stored);
  const record = await newTokenRecord(deps, member, signer.kid, now);
  const issued = await textOf(deps, ring, record);
  await run(deps.db, insertBarcodeToken(record));
  return issued;
}

/** "I lost my card": revokes every outstanding token of the member and issues a new one, in one batch. */
export async function revokeAndReissue(deps: Pick<AppDeps, "barcodes" | "config" | "db" | "clock">, member: MemberRef): Promise<IssuedBarcode> {
  const now = deps.clock.now();
  const { ring, signer } = await currentRing(deps, now);
  const record = await newTokenRecord(deps, member, signer.kid, now);
  const issued = await textOf(deps, ring, record);
  await deps.db.batch([revokeMemberBarcodeTokens(member, now.toISOString()), insertBarcodeToken(record)]);
  return issued;
}

/** Blocks every outstanding token of the member (insurer back office); returns how many. */
export async function revokeMemberTokens(deps: Pick<AppDeps, "db" | "clock">, member: MemberRef): Promise<number> {
  return (await run(deps.db, revokeMemberBarcodeTokens(member, deps.clock.now().toISOString()))).changes;
}

/** A member's barcode for themselves or a dependent they act for, with whom it is about. */
export async function barcodeForSubject(
  deps: Pick<AppDeps, "barcodes" | "config" | "db" | "clock">,
  member: MemberPrincipal,
  requestedKey1: string | undefined,
): Promise<{ subject: MemberProfile; barcode: IssuedBarcode }> {
  const subject = await resolveSubject(deps, member, requestedKey1);
  return { subject, barcode: await memberBarcode(deps, { insurer: subject.insurer.code, key1: subject.key1 }) };
}

/** "I lost my card", for themselves or a dependent they act for. */
export async function reportLostCard(
  deps: Pick<AppDeps, "barcodes" | "config" | "db" | "clock">,
  member: MemberPrincipal,
  requestedKey1: string | undefined,
): Promise<IssuedBarcode> {
  const subject = await resolveSubject(deps, member, requestedKey1);
  return revokeAndReissue(deps, { insurer: subject.insurer.code, key1: subject.key1 });
}

/** The insurer's block of a member's barcodes; another insurer's member is a 404 like a missing one. */
export async function blockMemberBarcodes(
  deps: Pick<AppDeps, "db" | "clock">,
  callerInsurers: readonly string[],
  member: MemberRef,
): Promise<MemberRef & { revoked: number }> {
  const own = callerInsurers.includes(member.insurer);
  if (!own || !(await findMemberProfile(deps.db, member.insurer, member.key1))) throw new ApiError("not_found", "No such member among your insurer codes.");
  return { ...member, revoked: await revokeMemberTokens(deps, member) };
}
