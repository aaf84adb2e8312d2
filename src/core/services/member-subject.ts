import { findMemberProfile, isDependentOf, type MemberProfile } from "../store/member-profile.js";

export type { MemberProfile };
import type { MemberPrincipal } from "../principal.js";
import { ApiError } from "../errors.js";
import type { AppDeps } from "../deps.js";

/**
 * Whom a member request is about: the signed-in member, or (`?member=<key1>`) one of the
 * dependents linked to them as guardian. Anyone else is a 403, whether or not that key1 exists,
 * so the answer does not reveal who is on the roster.
 */
export async function resolveSubject(deps: Pick<AppDeps, "databases">, member: MemberPrincipal, requestedKey1: string | undefined): Promise<MemberProfile> {
  const key1 = requestedKey1 ?? member.key1;
  if (key1 !== member.key1 && !(await isDependentOf(deps.databases.databaseFor(member.insurer), member.insurer, member.key1, key1))) {
    throw new ApiError("forbidden", "You may act only for yourself and the dependents linked to you.");
  }
  const profile = await findMemberProfile(deps.databases.databaseFor(member.insurer), member.insurer, key1);
  if (!profile) throw new ApiError("forbidden", "You are not on this insurer's member roster.");
  return profile;
}
