import type { AppDeps } from "../deps.js";
import type { MemberPrincipal } from "../principal.js";
import { checkBarcode, type BarcodeRefusal } from "./barcode-check.js";
import { barcodeForSubject, legacyBlockedSince, reportLostCard, type IssuedBarcode } from "./barcode-tokens.js";
import type { MemberProfile } from "./member-subject.js";

/** What a pharmacy's check now answers for one code of the lost card. */
export interface OldCodeCheck {
  text: string;
  accepted: boolean;
  reason: BarcodeRefusal | null;
}

export interface LostCardOutcome {
  subject: MemberProfile;
  barcode: IssuedBarcode;
  /** Since when the 14 digits are refused (set by the lost card where the gateway blocks them), or null. */
  legacyBlockedSince: string | null;
  /** The lost card's codes, each run through the same check a pharmacy's scan gets, after the block. */
  previous: { issuedAt: string; signed: OldCodeCheck; digits: OldCodeCheck };
}

/**
 * "I lost my card" for the member pages: blocks the card and issues a new one (the API's
 * operation), then tells the member which old codes stopped working by asking the pharmacies'
 * own check about each of them, so the page states what a scan of the old card now gets, whatever
 * the insurer's policy on bare 14-digit codes is.
 */
export async function replaceLostCard(deps: AppDeps, member: MemberPrincipal, requestedKey1: string | undefined): Promise<LostCardOutcome> {
  const { subject, barcode: lost } = await barcodeForSubject(deps, member, requestedKey1);
  const barcode = await reportLostCard(deps, member, requestedKey1);
  const today = deps.clock.now().toISOString().slice(0, 10);
  const check = async (text: string): Promise<OldCodeCheck> => {
    const result = await checkBarcode(deps, text, today);
    return { text, accepted: result.valid, reason: result.valid ? null : result.reason };
  };
  return {
    subject,
    barcode,
    legacyBlockedSince: await legacyBlockedSince(deps, { insurer: subject.insurer.code, key1: subject.key1 }),
    previous: { issuedAt: lost.issuedAt, signed: await check(lost.text), digits: await check(lost.id) },
  };
}
