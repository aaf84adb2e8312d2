import { publishCommitted } from "./publish-committed.js";
import { cancelDocument, findDocument, insertDocument, type StoredDocument } from "../store/documents.js";
import { claimDocumentId, findDocumentInsurer, pharmacyCopy } from "../store/locator.js";
import { findPharmacy } from "../store/pharmacies.js";
import { run } from "../store/sql.js";
import { ownDatabase } from "./insurer-databases.js";
import { contentHash } from "../../bvac/content-hash.js";
import type { BvacDocument, BvacTotals, DocumentStatus } from "../../bvac/model.js";
import type { NormalisedDocument } from "../../bvac/normalise.js";
import type { DocumentWarning } from "../../bvac/problems.js";
import { ApiError } from "../errors.js";
import type { AppDeps } from "../deps.js";
import type { Database } from "../ports.js";
import { checkBarcode, claimedMember, type BarcodeCheck } from "./barcode-check.js";
import { formatCents } from "../../bvac/amounts.js";
import type { EstimateAnswer } from "../../plan/answer.js";
import { planInputsOn, planShare, type PlanInputs } from "./plans.js";

/** The answer to a submission, the same on the first post (201) and on a replay (200). */
export interface SubmissionReceipt {
  documentId: string;
  status: DocumentStatus;
  receivedAt: string;
  totals: { publicPrice: string; paidPrice: string; homeopathy: string };
  warnings: DocumentWarning[];
  /** What the member's plan reimburses, estimated at submission; null without a plan. */
  estimate: EstimateAnswer | null;
}

export interface Submission {
  /** The normalised document (from JSON or SMC XML). */
  document: NormalisedDocument;
  warnings: DocumentWarning[];
  /** The scanned barcode text (XML: insurer + key1, a legacy code). */
  scannedBarcode: string;
  /** Where these fields are in the body (JSON path or XML element path), for refusals' `errors[]`. */
  paths: { barcode: string; pharmacy: string; documentId: string };
}

export const totalsAsDecimals = (totals: BvacTotals): SubmissionReceipt["totals"] => ({
  publicPrice: formatCents(totals.publicPriceCents),
  paidPrice: formatCents(totals.paidPriceCents),
  homeopathy: formatCents(totals.homeopathyCents),
});

export const receiptOf = (stored: StoredDocument): SubmissionReceipt => ({
  documentId: stored.documentId,
  status: stored.status,
  receivedAt: stored.receivedAt,
  totals: totalsAsDecimals(stored.totals),
  warnings: stored.warnings,
  estimate: stored.estimate,
});

type Refused = Extract<BarcodeCheck, { valid: false }>;

/**
 * The member a barcode names, when known: always for a valid one, and for a refused one whose
 * identity was established (revoked, coverage ended), which is enough to recognise a replay.
 */
function identify(check: BarcodeCheck): { member: BvacDocument["barcode"] } | { member: null; refused: Refused } {
  if (check.valid) return { member: { insurer: check.insurer, key1: check.key1 } };
  if (check.insurer && check.key1) return { member: { insurer: check.insurer, key1: check.key1 } };
  return { member: null, refused: check };
}

export function refusal(check: Refused, path: string): ApiError {
  return new ApiError("barcode_refused", { key: "detail.barcode_refused.reason", params: { reason: check.reason } }, [{ path, code: check.reason, message: refusalMessages[check.reason] }], {}, {
    extensions: { reason: check.reason },
  });
}

/**
 * Stores a pharmacy's BVAC document exactly once and queues it for its insurer.
 *
 * Order matters. The pharmacy NIHII must be the key's own (403). The barcode is checked next (the
 * stored document is read alongside), but a replay is answered before its refusal: a DUPLICATA reuses the document id of a sale that was
 * accepted, and must get the stored answer (200) even if the card was revoked since. Same id with
 * other content is a 409. A new document is written with its lines and outbox row in one batch; a
 * concurrent identical post that loses the race writes nothing and answers from the winner's row.
 * After commit the outbox id is published; a failed publish only delays delivery (the row is
 * durable and the dispatcher or the cron picks it up), so it never fails the request.
 */
export async function submitDocument(
  deps: AppDeps,
  pharmacyNihii: string,
  submission: Submission,
  requestId: string | undefined,
): Promise<{ created: boolean; receipt: SubmissionReceipt }> {
  const { document: normalised } = submission;
  assertOwnPharmacy(pharmacyNihii, submission);

  // Started together: on D1 the barcode's look-ups, the stored document, the document locator and
  // the plan of the member the barcode claims (with its version and running totals, used only if
  // the barcode proves that member) are one round trip. With per-insurer databases the claimed
  // insurer's database and the shared one are read in parallel: one round trip's latency, two calls.
  const claimed = claimedMember(submission.scannedBarcode);
  const db = claimed ? deps.databases.databaseFor(claimed.insurer) : deps.db;
  const own = claimed !== null && ownDatabase(deps, claimed.insurer);
  const now = deps.clock.now().toISOString();
  const [check, existing, locatedAt, claimedPlan, pharmacy] = await Promise.all([
    checkBarcode(deps, submission.scannedBarcode, normalised.deliveryDate),
    claimed ? findDocument(db, pharmacyNihii, normalised.documentId, now) : null,
    findDocumentInsurer(deps.db, pharmacyNihii, normalised.documentId),
    claimed ? planInputsOn(deps, claimed, normalised.deliveryDate) : null,
    own ? findPharmacy(deps.db, pharmacyNihii) : null,
  ]);
  const identified = identify(check);
  if (identified.member === null) throw refusal(identified.refused, submission.paths.barcode);
  const document: BvacDocument = { ...normalised, barcode: identified.member };
  const hash = await contentHash(document);
  if (existing) {
    const receipt = replayOrConflict(existing, hash, submission.paths.documentId);
    // A document written while its locator claim failed (two databases, two writes): claimed now.
    if (locatedAt === null && own) await run(deps.db, claimDocumentId(pharmacyNihii, document.documentId, document.barcode.insurer));
    return { created: false, receipt };
  }
  // The id names another insurer's document (in another database): the same id for another sale.
  if (locatedAt !== null && locatedAt !== document.barcode.insurer) throw documentIdReused(submission.paths.documentId);
  if (!check.valid) throw refusal(check, submission.paths.barcode);
  const sameMember = claimed?.insurer === check.insurer && claimed.key1 === check.key1;
  const placement: Placement = own ? { db, own: true, claimed: locatedAt !== null, pharmacy: pharmacy ?? { nihii: pharmacyNihii, name: pharmacyNihii } } : { db, own: false };
  return storeNew(deps, document, hash, check, submission, requestId, sameMember ? claimedPlan : undefined, placement);
}

/**
 * Where a new document goes. In the shared database its locator is claimed in the document's own
 * batch; in an insurer's own database the claim is a write to the shared one, made in parallel
 * with the document's batch (`claimed`: the locator already names this insurer), and the batch
 * carries a copy of the pharmacy row its foreign key points at.
 */
type Placement = { db: Database; own: false } | { db: Database; own: true; claimed: boolean; pharmacy: { nihii: string; name: string } };

/** The document's pharmacy must be the key's own (403). */
export function assertOwnPharmacy(pharmacyNihii: string, submission: Submission): void {
  if (submission.document.pharmacy.nihii !== pharmacyNihii) {
    throw new ApiError("forbidden", { key: "detail.forbidden.not_your_pharmacy", params: { nihii: pharmacyNihii } }, [
      { path: submission.paths.pharmacy, code: "not_your_pharmacy", message: "the document's pharmacy must be the key's own" },
    ]);
  }
}

const documentIdReused = (documentIdPath: string) =>
  new ApiError("conflict", { key: "detail.conflict.document_id_reused" }, [
    { path: documentIdPath, code: "document_id_reused", message: "send a new document id for a different sale" },
  ]);

function replayOrConflict(existing: StoredDocument, hash: string, documentIdPath: string): SubmissionReceipt {
  if (existing.contentHash !== hash) throw documentIdReused(documentIdPath);
  return receiptOf(existing);
}

async function storeNew(
  deps: AppDeps,
  document: BvacDocument,
  hash: string,
  check: Extract<BarcodeCheck, { valid: true }>,
  submission: Submission,
  requestId: string | undefined,
  planInputs: PlanInputs | null | undefined,
  placement: Placement,
): Promise<{ created: boolean; receipt: SubmissionReceipt }> {
  const { warnings } = submission;
  const { db } = placement;
  const { nihii } = document.pharmacy;
  for (let attempt = 1; attempt <= estimateAttempts; attempt++) {
    // The plan share is computed from the running totals as read now and committed only if they
    // are unchanged at commit (docs/estimate.md): a concurrent document of the same family makes
    // this batch write nothing, and the estimate is computed again from the new totals.
    // The first try uses the plan inputs read with the submission's first reads; a retry reads
    // the version and the totals again (only the member's plan is known not to have moved).
    const prefetched = planInputs && (attempt === 1 ? planInputs : { ...planInputs, version: null, totals: [] });
    const share = await planShare(deps, document, prefetched ?? undefined);
    const receivedAt = deps.clock.now().toISOString();
    const meta = { ingestId: crypto.randomUUID(), contentHash: hash, barcodeKind: check.kind, barcodeJti: check.jti, warnings, receivedAt };
    const locator = claimDocumentId(nihii, document.documentId, document.barcode.insurer);
    const [outboxId, claim] = await Promise.all([
      insertDocument(db, document, meta, share?.addOn, placement.own ? { before: [pharmacyCopy(placement.pharmacy, receivedAt)] } : { locate: true }),
      placement.own && !placement.claimed ? run(deps.db, locator) : null,
    ]);
    if (outboxId !== null && claim?.changes === 0 && (await findDocumentInsurer(deps.db, nihii, document.documentId)) !== document.barcode.insurer) {
      // Another insurer's document took this id at the same instant, in another database: this one
      // must not stand. Cancelled rather than deleted, so a lease that took it meanwhile is told.
      await cancelDocument(db, { pharmacyNihii: nihii, documentId: document.documentId }, receivedAt);
      throw documentIdReused(submission.paths.documentId);
    }
    if (outboxId !== null) {
      await publishCommitted(deps, document.barcode.insurer, [outboxId], requestId);
      const totals = totalsAsDecimals(document.totals);
      return { created: true, receipt: { documentId: document.documentId, status: "queued", receivedAt, totals, warnings, estimate: share?.answer ?? null } };
    }
    // Nothing was written: a concurrent post of the same document id won (answer from its row),
    // or the totals moved under the estimate (try again).
    const winner = await findDocument(db, nihii, document.documentId, deps.clock.now().toISOString());
    if (winner) return { created: false, receipt: replayOrConflict(winner, hash, submission.paths.documentId) };
    if (!share) throw new Error("a document that blocked the insert is gone");
  }
  // Nothing is stored, so nothing is lost: the pharmacy's retry with the same document id is safe.
  throw new ApiError("unavailable", "Other documents of this member's family are being stored right now; send this one again.", [], { "Retry-After": "1" });
}

/** Tries to store a document whose estimate keeps losing to concurrent documents of one family. */
const estimateAttempts = 8;

const refusalMessages: Record<Extract<BarcodeCheck, { valid: false }>["reason"], string> = {
  invalid_format: "not a signed barcode (AP1:…) nor a 14-digit code",
  bad_signature: "the signed barcode does not verify",
  unknown_kid: "the signed barcode was signed with an unknown key",
  expired: "the signed barcode has expired; the member can download a new one",
  not_yet_valid: "the signed barcode is not valid yet",
  revoked: "the signed barcode was revoked (card lost or replaced)",
  legacy_rejected: "this insurer no longer accepts the unsigned 14-digit code",
  bad_check_digits: "the 14-digit code's mod-97 check digits do not match",
  unknown_insurer: "no participating insurer has this code",
  unknown_member: "the insurer has no member with this number",
  not_covered: "the member is not covered on the delivery date",
};
