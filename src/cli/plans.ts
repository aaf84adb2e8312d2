import { readFileSync } from "node:fs";
import { InsurerCodeSchema } from "../bvac/fields.js";
import { putPlan } from "../core/services/plans.js";
import { PlanBodySchema, PlanIdSchema } from "../plan/plan.js";
import { CliUsageError, type CliCommand } from "./command.js";

/**
 * `plans put --insurer 0739 --plan axa-317 FILE`: the twin of `PUT /v1/insurers/{code}/plans/{planId}`,
 * FILE holding the same JSON body (docs/estimate.md). The operator may name any registered insurer.
 */
export const plansPut: CliCommand = {
  name: "plans put",
  summary: "Store a coverage plan version from a JSON file (the body of PUT /v1/insurers/{code}/plans/{planId})",
  options: {
    insurer: { type: "string", required: true, description: "4-digit insurer code" },
    plan: { type: "string", required: true, description: "plan id, as roster coverage periods name it" },
  },
  async run(deps, values, positionals) {
    const file = positionals[0];
    if (!file) throw new CliUsageError("plans put FILE: name the JSON file holding the plan");
    const insurer = InsurerCodeSchema.safeParse(values.insurer);
    const planId = PlanIdSchema.safeParse(values.plan);
    let input: unknown;
    try {
      input = JSON.parse(readFileSync(file, "utf8"));
    } catch (error) {
      throw new CliUsageError(`cannot read ${file} as JSON: ${error instanceof Error ? error.message : String(error)}`);
    }
    const body = PlanBodySchema.safeParse(input);
    const problems = [
      ...(insurer.success ? [] : [`--insurer: ${insurer.error.issues[0]?.message}`]),
      ...(planId.success ? [] : [`--plan: ${planId.error.issues[0]?.message}`]),
      ...(body.success ? [] : body.error.issues.map((issue) => `${file}: ${issue.path.join(".") || "(body)"}: ${issue.message}`)),
    ];
    if (!insurer.success || !planId.success || !body.success) throw new CliUsageError(problems.join("\n"));
    const stored = await putPlan(deps, null, { insurer: insurer.data, planId: planId.data }, body.data);
    return {
      json: stored,
      text: `Plan ${stored.planId} of insurer ${stored.insurer}, valid from ${stored.validFrom}${stored.validTo ? ` to ${stored.validTo}` : ""}: stored`,
    };
  },
};
