import type { AppDeps } from "../deps.js";
import { ApiError } from "../errors.js";
import { findErasure, removeMembersStatements } from "../store/erasure.js";
import { findMemberProfile } from "../store/member-profile.js";

export interface Removal {
  insurer: string;
  key1: string;
  /** When the roster removed the member; their data is purged once nothing is pending for the insurer. */
  removedAt: string;
}

/**
 * Removes one of the caller's members (`DELETE /v1/members/{insurer}/{key1}`): barcodes revoked
 * and sign-in refused at once, the data purged by the next purge runs (services/purge.ts).
 * Repeating it while the purge is pending answers the first removal; another insurer's member,
 * or one never on the roster, is a 404.
 */
export async function removeMember(deps: Pick<AppDeps, "databases" | "clock">, callerInsurers: readonly string[], member: { insurer: string; key1: string }): Promise<Removal> {
  if (!callerInsurers.includes(member.insurer)) throw new ApiError("not_found", "No such member among your insurer codes.");
  const db = deps.databases.databaseFor(member.insurer);
  if (!(await findMemberProfile(db, member.insurer, member.key1))) {
    const removedAt = await findErasure(db, member);
    if (removedAt) return { ...member, removedAt };
    throw new ApiError("not_found", "No such member among your insurer codes.");
  }
  const now = deps.clock.now().toISOString();
  await db.batch(removeMembersStatements([member], now));
  return { ...member, removedAt: now };
}
