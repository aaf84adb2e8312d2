import {
  blockLegacyBarcode,
  findReusableBarcodeToken,
  insertBarcodeToken,
  isBarcodeTokenBlocked,
  legacyBarcodeBlockedSince,
  liftLegacyBarcodeBlock,
  revokeMemberBarcodeTokens,
  type BarcodeTokenRecord,
} from "../store/barcode-tokens.js";
import { run } from "../store/sql.js";
import { logMemberEvent } from "../store/access-log.js";
import type { Statement } from "../ports.js";
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

/**
 * Verifies a compact JWS (scanned text without `AP1:`) against the ring, the clock and revocations.
 * `prefetched` may answer the revocation look-up already started for these claims (null: look up).
 */
export async function verifySignedBarcode(
  deps: Pick<AppDeps, "barcodes" | "clock" | "config" | "databases">,
  jws: string,
  prefetched: (claims: BarcodeClaims) => Promise<boolean> | null = () => null,
): Promise<TokenVerification> {
  const now = deps.clock.now();
  const ring = await deps.barcodes.keys.ring(now);
  return deps.barcodes.verifier.verify(jws, {
    ring,
    issuer: deps.config.issuer,
    now,
    isRevoked: (claims) => prefetched(claims) ?? isBarcodeTokenBlocked(deps.databases.databaseFor(splitBarcodeId(claims.sub).insurer), claims.jti, splitBarcodeId(claims.sub)),
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
export async function memberBarcode(deps: Pick<AppDeps, "barcodes" | "config" | "db" | "databases" | "clock">, member: MemberRef): Promise<IssuedBarcode> {
  const now = deps.clock.now();
  const { ring, signer } = await currentRing(deps, now);
  const reusableUntil = new Date(now.getTime() + deps.barcodes.reuseMinSeconds * 1000).toISOString();
  const db = deps.databases.databaseFor(member.insurer);
  const stored = await findReusableBarcodeToken(db, member, signer.kid, reusableUntil);
  if (stored) return textOf(deps, ring, stored);
  const record = await newTokenRecord(deps, member, signer.kid, now);
  const issued = await textOf(deps, ring, record);
  await db.batch([insertBarcodeToken(record), logIssued(record)]);
  return issued;
}

const logIssued = (record: BarcodeTokenRecord): Statement =>
  logMemberEvent(record, "barcode_issued", "member", record.issuedAt, { detail: record.expiresAt });

/** Logs the revocation only when the batch revoked something, with how many. */
function logRevoked(member: MemberRef, actor: "member" | "insurer", now: string): Statement {
  const revokedNow = { sql: "SELECT count(*) FROM barcode_tokens WHERE insurer = ? AND key1 = ? AND revoked_at = ?", params: [member.insurer, member.key1, now] };
  return logMemberEvent(member, "barcode_revoked", actor, now, {
    detail: revokedNow,
    onlyIf: { sql: `EXISTS (${revokedNow.sql})`, params: revokedNow.params },
  });
}

/**
 * What a revocation blocks: every outstanding signed token, and the member's 14 digits. The digits
 * are the same on every card the member ever had (Code 128 and printed), so a found card would
 * keep working through them; they stay refused until the insurer lifts the block.
 */
const revocation = (member: MemberRef, now: string) => [revokeMemberBarcodeTokens(member, now), blockLegacyBarcode(member, now)];

/** "I lost my card": revokes the member's tokens and 14 digits and issues a new token, in one batch. */
export async function revokeAndReissue(deps: Pick<AppDeps, "barcodes" | "config" | "db" | "databases" | "clock">, member: MemberRef): Promise<IssuedBarcode> {
  const now = deps.clock.now();
  const { ring, signer } = await currentRing(deps, now);
  const record = await newTokenRecord(deps, member, signer.kid, now);
  const issued = await textOf(deps, ring, record);
  const at = now.toISOString();
  await deps.databases.databaseFor(member.insurer).batch([...revocation(member, at), logRevoked(member, "member", at), insertBarcodeToken(record), logIssued(record)]);
  return issued;
}

/** Blocks every outstanding token and the 14 digits of the member (insurer back office); returns how many tokens. */
export async function revokeMemberTokens(deps: Pick<AppDeps, "databases" | "clock">, member: MemberRef): Promise<number> {
  const now = deps.clock.now().toISOString();
  const [tokens] = await deps.databases.databaseFor(member.insurer).batch([...revocation(member, now), logRevoked(member, "insurer", now)]);
  return tokens?.changes ?? 0;
}

/** Since when the member's 14 digits are refused (a card reported lost), or null. */
export const legacyBlockedSince = (deps: Pick<AppDeps, "databases">, member: MemberRef): Promise<string | null> =>
  legacyBarcodeBlockedSince(deps.databases.databaseFor(member.insurer), member);

/** A member's barcode for themselves or a dependent they act for, with whom it is about. */
export async function barcodeForSubject(
  deps: Pick<AppDeps, "barcodes" | "config" | "db" | "databases" | "clock">,
  member: MemberPrincipal,
  requestedKey1: string | undefined,
): Promise<{ subject: MemberProfile; barcode: IssuedBarcode; legacyBlockedSince: string | null }> {
  const subject = await resolveSubject(deps, member, requestedKey1);
  const ref = { insurer: subject.insurer.code, key1: subject.key1 };
  const [barcode, blockedSince] = await Promise.all([memberBarcode(deps, ref), legacyBlockedSince(deps, ref)]);
  return { subject, barcode, legacyBlockedSince: blockedSince };
}

/** "I lost my card", for themselves or a dependent they act for. */
export async function reportLostCard(
  deps: Pick<AppDeps, "barcodes" | "config" | "db" | "databases" | "clock">,
  member: MemberPrincipal,
  requestedKey1: string | undefined,
): Promise<IssuedBarcode> {
  const subject = await resolveSubject(deps, member, requestedKey1);
  return revokeAndReissue(deps, { insurer: subject.insurer.code, key1: subject.key1 });
}

async function assertOwnMember(deps: Pick<AppDeps, "databases">, callerInsurers: readonly string[], member: MemberRef): Promise<void> {
  const own = callerInsurers.includes(member.insurer);
  if (!own || !(await findMemberProfile(deps.databases.databaseFor(member.insurer), member.insurer, member.key1))) throw new ApiError("not_found", "No such member among your insurer codes.");
}

/** The insurer's block of a member's barcodes and 14 digits; another insurer's member is a 404 like a missing one. */
export async function blockMemberBarcodes(
  deps: Pick<AppDeps, "databases" | "clock">,
  callerInsurers: readonly string[],
  member: MemberRef,
): Promise<MemberRef & { revoked: number; legacyBlocked: true }> {
  await assertOwnMember(deps, callerInsurers, member);
  return { ...member, revoked: await revokeMemberTokens(deps, member), legacyBlocked: true };
}

/**
 * The insurer accepts the member's 14 digits again (e.g. the member has their card back, or their
 * pharmacy scans only 1D codes); signed tokens revoked stay revoked.
 */
export async function liftLegacyBlock(deps: Pick<AppDeps, "databases">, callerInsurers: readonly string[], member: MemberRef): Promise<MemberRef & { lifted: boolean }> {
  await assertOwnMember(deps, callerInsurers, member);
  return { ...member, lifted: (await run(deps.databases.databaseFor(member.insurer), liftLegacyBarcodeBlock(member))).changes > 0 };
}
