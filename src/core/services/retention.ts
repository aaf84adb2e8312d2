import { z } from "zod";
import type { AppDeps } from "../deps.js";
import { ApiError } from "../errors.js";
import { findRetention, setRetentionStatement } from "../store/retention.js";
import { run } from "../store/sql.js";

/** An insurer's own retention: days after the decision (or delivery) before the purge, or null for the default. */
export const RetentionSchema = z.object({
  days: z.number().int().min(1).max(3650).nullable().describe("Days kept after the decision (or the delivery when none comes); null = the gateway's default"),
});

export interface Retention {
  insurer: string;
  /** The insurer's own setting; null = the default applies. */
  days: number | null;
  /** What the purge uses. */
  effectiveDays: number;
  defaultDays: number;
}

type Deps = Pick<AppDeps, "db" | "config">;

const answer = (deps: Deps, insurer: string, days: number | null): Retention => ({
  insurer,
  days,
  effectiveDays: days ?? deps.config.retentionDays,
  defaultDays: deps.config.retentionDays,
});

export async function insurerRetention(deps: Deps, insurer: string): Promise<Retention> {
  const days = await findRetention(deps.db, insurer);
  if (days === undefined) throw new ApiError("not_found", `No insurer ${insurer} is registered.`);
  return answer(deps, insurer, days);
}

/** Sets (or with null, clears) an insurer's retention; the next purge run applies it. */
export async function setInsurerRetention(deps: Deps, insurer: string, days: number | null): Promise<Retention> {
  const { changes } = await run(deps.db, setRetentionStatement(insurer, days));
  if (changes === 0) throw new ApiError("not_found", `No insurer ${insurer} is registered.`);
  return answer(deps, insurer, days);
}
