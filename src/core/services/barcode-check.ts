import { decodeJwt } from "jose";
import { isBarcodeTokenBlocked } from "../store/barcode-tokens.js";
import { findLegacyBarcodePolicy } from "../store/insurers.js";
import { findMemberCoverage } from "../store/members.js";
import { hasValidBarcodeMod97 } from "../../bvac/identifiers.js";
import { classifyScannedText } from "../../barcode/scanned-text.js";
import type { AppDeps } from "../deps.js";
import { ApiError } from "../errors.js";
import { legacyBlockedSince, splitBarcodeId, verifySignedBarcode } from "./barcode-tokens.js";

/** Why a scanned barcode is refused; stable codes shown to the pharmacist's software. */
export const barcodeRefusals = [
  "invalid_format",
  "bad_signature",
  "unknown_kid",
  "expired",
  "not_yet_valid",
  "revoked",
  "legacy_rejected",
  "bad_check_digits",
  "unknown_insurer",
  "unknown_member",
  "not_covered",
] as const;
export type BarcodeRefusal = (typeof barcodeRefusals)[number];

export type BarcodeCheck =
  | { valid: true; kind: "signed" | "legacy"; insurer: string; key1: string; jti: string | null; memberName: string }
  | { valid: false; reason: BarcodeRefusal; insurer?: string; key1?: string };

/** A look-up started early; marked handled so an early return leaves no unhandled rejection. */
function started<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

/** Who a signed token claims to be, read without verifying (to start its look-ups early), or null. */
function claimedByToken(token: string): { insurer: string; key1: string; jti: string } | null {
  try {
    const { sub, jti } = decodeJwt(token);
    return typeof sub === "string" && /^\d{14}$/.test(sub) && typeof jti === "string" ? { ...splitBarcodeId(sub), jti } : null;
  } catch {
    return null;
  }
}

/** Who a scanned barcode claims to be, before any check: to start look-ups about them early, or null. */
export function claimedMember(scannedText: string): { insurer: string; key1: string } | null {
  const scanned = classifyScannedText(scannedText);
  if (scanned.kind === "unrecognised") return null;
  return scanned.kind === "signed" ? claimedByToken(scanned.token) : { insurer: scanned.insurer, key1: scanned.key1 };
}

/**
 * The one decision on a scanned barcode, used by `POST /v1/barcodes/verify` and by ingestion:
 * token or legacy policy first, then the member's coverage on `onDate` (`YYYY-MM-DD`).
 *
 * Every look-up the decision may need (the insurer's policy, the member's coverage, the token's
 * revocation) starts at once, before any await, from who the barcode claims to be: on D1 they,
 * and whatever the caller starts alongside, travel as one batch (adapters/storage/d1.ts). A
 * look-up made for a token whose signature then fails is simply not used.
 */
export async function checkBarcode(deps: AppDeps, scannedText: string, onDate: string): Promise<BarcodeCheck> {
  const scanned = classifyScannedText(scannedText);
  if (scanned.kind === "unrecognised") return { valid: false, reason: "invalid_format" };
  const claimed = scanned.kind === "signed" ? claimedByToken(scanned.token) : { insurer: scanned.insurer, key1: scanned.key1, jti: null };
  const insurerLookup = scanned.kind === "legacy" ? started(findLegacyBarcodePolicy(deps.db, scanned.insurer)) : null;
  const coverage = claimed ? started(findMemberCoverage(deps.databases.databaseFor(claimed.insurer), claimed.insurer, claimed.key1, onDate)) : null;
  const blocked = claimed?.jti ? started(isBarcodeTokenBlocked(deps.databases.databaseFor(claimed.insurer), claimed.jti, claimed)) : null;
  const legacyBlock = scanned.kind === "legacy" ? started(legacyBlockedSince(deps, { insurer: scanned.insurer, key1: scanned.key1 })) : null;

  let identity: { kind: "signed" | "legacy"; insurer: string; key1: string; jti: string | null };
  if (scanned.kind === "signed") {
    const verified = await verifySignedBarcode(deps, scanned.token, (claims) =>
      blocked && claims.jti === claimed?.jti && claims.sub === `${claimed.insurer}${claimed.key1}` ? blocked : null,
    );
    if (!verified.ok) {
      const who = verified.claims ? splitBarcodeId(verified.claims.sub) : {};
      return { valid: false, reason: verified.reason, ...who };
    }
    identity = { kind: "signed", ...splitBarcodeId(verified.claims.sub), jti: verified.claims.jti };
  } else {
    const insurer = await insurerLookup;
    const who = { insurer: scanned.insurer, key1: scanned.key1 };
    if (!insurer) return { valid: false, reason: "unknown_insurer", ...who };
    if (insurer.legacyBarcodes !== "accept") return { valid: false, reason: "legacy_rejected", ...who };
    if (insurer.mod97 && !hasValidBarcodeMod97(scanned.digits)) return { valid: false, reason: "bad_check_digits", ...who };
    // The member reported a card lost: every card carries these digits, so they are refused too.
    if (await legacyBlock) return { valid: false, reason: "revoked", ...who };
    identity = { kind: "legacy", ...who, jti: null };
  }
  // A verified token names who it claimed; `coverage` is that member's.
  const member = await (coverage ?? findMemberCoverage(deps.databases.databaseFor(identity.insurer), identity.insurer, identity.key1, onDate));
  if (!member) return { valid: false, reason: "unknown_member", insurer: identity.insurer, key1: identity.key1 };
  if (!member.covered) return { valid: false, reason: "not_covered", insurer: identity.insurer, key1: identity.key1 };
  return { valid: true, ...identity, memberName: member.name };
}

/**
 * How far from today `POST /v1/barcodes/verify` checks coverage: a sale being rung up, re-checked
 * late or delivered in a few days. Any date would make verify a membership oracle (who was
 * insured with whom, and when) for anyone with a pharmacy key.
 */
export const verifyWindowDays = { past: 7, future: 3 } as const;

const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** The pharmacy's scan check: `onDate` (default today, UTC) must lie within `verifyWindowDays` of today. */
export async function verifyScannedBarcode(deps: AppDeps, scannedText: string, onDate: string | undefined): Promise<{ check: BarcodeCheck; onDate: string }> {
  const today = deps.clock.now().toISOString().slice(0, 10);
  const date = onDate ?? today;
  const [earliest, latest] = [addDays(today, -verifyWindowDays.past), addDays(today, verifyWindowDays.future)];
  if (date < earliest || date > latest) {
    throw new ApiError("validation_failed", `onDate must lie between ${earliest} and ${latest} (today − ${verifyWindowDays.past} to today + ${verifyWindowDays.future} days).`, [
      { path: "onDate", code: "out_of_window", message: `from ${earliest} to ${latest}` },
    ]);
  }
  return { check: await checkBarcode(deps, scannedText, date), onDate: date };
}
