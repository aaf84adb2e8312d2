import type { AppDeps } from "../deps.js";
import type { MemberPrincipal } from "../principal.js";
import { listMemberDocuments } from "../store/member-documents.js";
import { listCoveragePeriods, listDependents } from "../store/member-profile.js";
import type { CoveragePeriod } from "../store/members.js";
import { resolveSubject } from "./member-subject.js";
import { planStandings, type PlanYearStanding } from "./plans.js";
import { totalsAsDecimals } from "./ingest.js";
import { formatCents } from "../../bvac/amounts.js";

/** What a signed-in member reads about themselves: profile, coverage, dependents, attests. */

export interface MemberOverview {
  insurer: { code: string; name: string };
  key1: string;
  name: string;
  coverage: CoveragePeriod[];
  dependents: Array<{ key1: string; name: string; coverage: CoveragePeriod[] }>;
  /** Per person and plan year: the deductible and the annual cap, used and left. */
  plans: PlanYearStanding[];
}

export async function memberOverview(deps: Pick<AppDeps, "databases" | "clock">, member: MemberPrincipal): Promise<MemberOverview> {
  const me = await resolveSubject(deps, member, undefined);
  const dependents = await listDependents(deps.databases.databaseFor(me.insurer.code), me.insurer.code, me.key1);
  const persons = [{ key1: me.key1, familyKey1: me.guardianKey1 ?? me.key1 }, ...dependents.map(({ key1 }) => ({ key1, familyKey1: me.key1 }))];
  return {
    insurer: me.insurer,
    key1: me.key1,
    name: me.name,
    coverage: await listCoveragePeriods(deps.databases.databaseFor(me.insurer.code), me.insurer.code, me.key1),
    dependents: await Promise.all(
      dependents.map(async (dependent) => ({ ...dependent, coverage: await listCoveragePeriods(deps.databases.databaseFor(me.insurer.code), me.insurer.code, dependent.key1) })),
    ),
    plans: await planStandings(deps, me.insurer.code, persons),
  };
}

/** The member's attests and their dependents', newest first, a page at a time. */
export async function memberDocuments(
  deps: Pick<AppDeps, "databases" | "clock">,
  member: MemberPrincipal,
  page: { limit: number; before?: number | undefined; onlyKey1?: string | undefined },
) {
  // Also the roster check: a signed-in person who is not (or no longer) a member gets a 403.
  await resolveSubject(deps, member, page.onlyKey1);
  const rows = await listMemberDocuments(deps.databases.databaseFor(member.insurer), member, page, deps.clock.now().toISOString());
  return {
    documents: rows.map((row) => ({
      documentId: row.documentId,
      pharmacy: row.pharmacy,
      member: row.member,
      deliveryDate: row.deliveryDate,
      receivedAt: row.receivedAt,
      cancelledAt: row.cancelledAt,
      status: row.status,
      totals: totalsAsDecimals({ publicPriceCents: row.totals.publicCents, paidPriceCents: row.totals.paidCents, homeopathyCents: row.totals.homeopathyCents }),
      estimate: row.estimate && {
        plan: row.estimate.planId,
        planYear: { from: row.estimate.yearFrom, to: row.estimate.yearTo },
        reimbursable: formatCents(row.estimate.reimbursableCents),
        deductibleApplied: formatCents(row.estimate.deductibleCents),
      },
      reimbursedAmount: row.decision?.reimbursedCents == null ? null : formatCents(row.decision.reimbursedCents),
      decisionReason: row.decision?.reason ?? null,
      decidedAt: row.decision?.decidedAt ?? null,
    })),
    nextCursor: rows.length === page.limit ? (rows[rows.length - 1]?.cursor ?? null) : null,
  };
}
