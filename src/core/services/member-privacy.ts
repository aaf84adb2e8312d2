import type { AppDeps } from "../deps.js";
import type { MemberPrincipal } from "../principal.js";
import { listAccessLog, type AccessLogEntry } from "../store/access-log.js";

export { accessLogEvents } from "../store/access-log.js";
import { exportBarcodes, exportDocuments, exportPeople, type ExportedDocument } from "../store/member-export.js";
import { resolveSubject } from "./member-subject.js";
import { formatCents } from "../../bvac/amounts.js";
import { totalsAsDecimals } from "./ingest.js";

/** What a signed-in member may see of how their data was handled, and a copy of all of it. */

/**
 * The member's access log and their dependents' (or one dependent's, `onlyKey1`), oldest first,
 * a page at a time.
 */
export async function memberAccessLog(
  deps: Pick<AppDeps, "databases">,
  member: MemberPrincipal,
  page: { limit: number; after?: number | undefined; onlyKey1?: string | undefined },
): Promise<{ entries: AccessLogEntry[]; nextCursor: number | null }> {
  // Also the roster check, and a dependent named must be the member's own (403 otherwise).
  await resolveSubject(deps, member, page.onlyKey1);
  const entries = await listAccessLog(deps.databases.databaseFor(member.insurer), member, { after: page.after ?? 0, limit: page.limit, only: page.onlyKey1 });
  return { entries, nextCursor: entries.length === page.limit ? (entries[entries.length - 1]?.id ?? null) : null };
}

/** Rows read per query while the export is built. */
const exportPage = 200;

const documentOut = (row: ExportedDocument) => ({
  key1: row.key1,
  documentId: row.documentId,
  pharmacy: row.pharmacy,
  status: row.status,
  receivedAt: row.receivedAt,
  deliveredAt: row.deliveredAt,
  cancelledAt: row.cancelledAt,
  totals: totalsAsDecimals({ publicPriceCents: row.totals.publicCents, paidPriceCents: row.totals.paidCents, homeopathyCents: row.totals.homeopathyCents }),
  warnings: row.warnings,
  decision: row.decision && {
    status: row.decision.status,
    reimbursedAmount: row.decision.reimbursedCents === null ? null : formatCents(row.decision.reimbursedCents),
    reason: row.decision.reason,
    decidedAt: row.decision.decidedAt,
  },
  /** The BVAC document as the pharmacy sent it, normalised (amounts in cents). */
  content: row.content,
});

export type MemberExport = Awaited<ReturnType<typeof memberExport>>;

/**
 * Everything held about the member and the dependents they act for, as one JSON document (GDPR
 * art. 15 and 20): roster data and coverage, every document with its content and decision, the
 * barcodes issued, and the access log. Scoped in SQL to those people; nothing of anyone else.
 */
export async function memberExport(deps: Pick<AppDeps, "databases" | "clock">, member: MemberPrincipal) {
  const me = await resolveSubject(deps, member, undefined);
  const now = deps.clock.now().toISOString();
  const documents: ReturnType<typeof documentOut>[] = [];
  for (let after = 0; ; ) {
    const page = await exportDocuments(deps.databases.databaseFor(member.insurer), member, after, exportPage, now);
    documents.push(...page.map(documentOut));
    if (page.length < exportPage) break;
    after = page[page.length - 1]!.pk;
  }
  const accessLog: AccessLogEntry[] = [];
  for (let after = 0; ; ) {
    const page = await listAccessLog(deps.databases.databaseFor(member.insurer), member, { after, limit: exportPage });
    accessLog.push(...page);
    if (page.length < exportPage) break;
    after = page[page.length - 1]!.id;
  }
  return {
    exportedAt: now,
    insurer: me.insurer,
    member: me.key1,
    people: await exportPeople(deps.databases.databaseFor(member.insurer), member),
    documents,
    barcodes: await exportBarcodes(deps.databases.databaseFor(member.insurer), member),
    accessLog,
  };
}
